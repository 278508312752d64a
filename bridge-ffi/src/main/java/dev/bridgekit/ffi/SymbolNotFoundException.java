package dev.bridgekit.ffi;

/** Says that a bound method's symbol is not in its library, at bind time. */
public final class SymbolNotFoundException extends BindingException {
  private final String library;
  private final String symbol;
  private final String method;

  /** Creates one naming the {@code symbol} that {@code method} needs and the {@code library}. */
  public SymbolNotFoundException(String library, String symbol, String method) {
    super("symbol " + symbol + " (for " + method + ") not found in " + library);
    this.library = library;
    this.symbol = symbol;
    this.method = method;
  }

  /** Returns the library's path. */
  public String library() {
    return library;
  }

  /** Returns the missing symbol. */
  public String symbol() {
    return symbol;
  }

  /** Returns the method that needs it, as {@code Interface.method}. */
  public String method() {
    return method;
  }
}
