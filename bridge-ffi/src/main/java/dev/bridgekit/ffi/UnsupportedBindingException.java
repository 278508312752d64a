package dev.bridgekit.ffi;

/**
 * Says that a method cannot be bound as declared: a type no backend passes, or one the chosen
 * backend cannot (jnr-ffi and JNA have no structs by value here), or contradictory annotations.
 */
public final class UnsupportedBindingException extends BindingException {
  private final String method;
  private final Backend backend;

  /** Creates one naming the {@code method} (as {@code Interface.method}), the backend and why. */
  public UnsupportedBindingException(String method, Backend backend, String why) {
    super(method + " cannot be bound with backend " + backend + ": " + why);
    this.method = method;
    this.backend = backend;
  }

  /** Returns the method, as {@code Interface.method}. */
  public String method() {
    return method;
  }

  /** Returns the backend asked for. */
  public Backend backend() {
    return backend;
  }
}
