package dev.bridgekit.ffi;

import dev.bridgekit.ffi.internal.Binder;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Binds a Java interface to a C library: each abstract method calls the C function its name (or
 * {@link Symbol}) names, through the chosen {@link Backend}, on the thread its {@link CallClass}
 * says. Everything is checked in {@link #bind()}: the library, every symbol, every type; a call
 * never fails for a reason binding could have seen.
 *
 * <pre>{@code
 * interface Demo {
 *   @Symbol("bk_demo_add_i32") int add(int a, int b);
 *   @DirtyIo @Symbol("bk_demo_sleep_ms") int sleep(int ms);
 * }
 * Demo demo = Binding.of(Demo.class).library(LibrarySource.path(lib)).bind();
 * }</pre>
 *
 * <p>Types a method may take and return:
 *
 * <ul>
 *   <li>{@code byte}, {@code short}, {@code int}, {@code long}: C integers of 8, 16, 32 and 64 bits
 *       (signed or not: the bits pass unchanged); {@code float}, {@code double}; {@code boolean}:
 *       C {@code bool}.
 *   <li>{@code String}: in, a NUL-terminated UTF-8 copy for the call; out, a {@code char *} copied
 *       (and not freed: return a {@link NativePointer} to free it yourself).
 *   <li>{@code byte[]}: a copy for the call, copied back after it. A direct {@code ByteBuffer}: a
 *       pointer to its position, no copy.
 *   <li>{@link NativePointer}, {@link java.lang.foreign.MemorySegment}: {@code void *}.
 *   <li>{@link Struct} records: by value (FFM only), by reference with {@link ByReference}, and in
 *       and out with {@link StructRef}.
 *   <li>{@link Callback} interfaces: a function pointer valid for the call.
 *   <li>{@link CancellationFlag}: an {@code int32_t *} the C side polls.
 *   <li>a {@link NativeResource} ({@link NativeMemory}, {@link NativeCallback}, {@link
 *       NativeObject}): its address, under a lease for the call, so it is not released under a
 *       running call even if its owner exits.
 *   <li>a {@code CompletableFuture} of any return type: the call runs dirty and the method
 *       returns at once.
 * </ul>
 *
 * <p>The interface must be public (and, in a named module, its package exported or opened to
 * {@code dev.bridgekit.ffi}). A builder is not thread-safe; the bound object is, to the extent the
 * C functions are.
 *
 * @param <T> the interface
 */
public final class Binding<T> {
  /** The long-call threshold when none is set, as BEAM's rule of thumb for a NIF. */
  public static final Duration DEFAULT_LONG_CALL_THRESHOLD = Duration.ofMillis(1);

  private final Class<T> iface;
  private LibrarySource library;
  private Backend backend = Backend.FFM;
  private final Map<String, CallClass> callClasses = new HashMap<>();
  private Duration timeout;
  private DirtyExecutor dirtyCpu;
  private DirtyExecutor dirtyIo;
  private Duration longCallThreshold = DEFAULT_LONG_CALL_THRESHOLD;

  private Binding(Class<T> iface) {
    this.iface = iface;
  }

  /** Starts a binding of {@code iface}. */
  public static <T> Binding<T> of(Class<T> iface) {
    Objects.requireNonNull(iface, "iface");
    if (!iface.isInterface()) {
      throw new IllegalArgumentException("not an interface: " + iface.getName());
    }
    return new Binding<>(iface);
  }

  /** Sets where the library comes from; required. */
  public Binding<T> library(LibrarySource library) {
    this.library = Objects.requireNonNull(library, "library");
    return this;
  }

  /**
   * Sets the backend; {@link Backend#FFM} by default. {@link Backend#ISOLATED} calls the library
   * in a host process instead, where a crash cannot take the JVM down; see there for what it
   * passes.
   */
  public Binding<T> backend(Backend backend) {
    this.backend = Objects.requireNonNull(backend, "backend");
    return this;
  }

  /** Sets where calls of the methods named {@code method} run, over their annotations. */
  public Binding<T> callClass(String method, CallClass callClass) {
    Objects.requireNonNull(method, "method");
    this.callClasses.put(method, Objects.requireNonNull(callClass, "callClass"));
    return this;
  }

  /**
   * Sets how long callers of dirty methods wait before a {@link NativeTimeoutException}, for
   * methods without {@link Timeout}; by default they wait as long as it takes.
   */
  public Binding<T> timeout(Duration timeout) {
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout <= 0: " + timeout);
    }
    this.timeout = timeout;
    return this;
  }

  /** Sets the executor of {@link DirtyCpu} methods; {@link DirtyExecutor#cpu()} by default. */
  public Binding<T> dirtyCpu(DirtyExecutor executor) {
    this.dirtyCpu = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /** Sets the executor of {@link DirtyIo} and asynchronous methods; {@link DirtyExecutor#io()} by default. */
  public Binding<T> dirtyIo(DirtyExecutor executor) {
    this.dirtyIo = Objects.requireNonNull(executor, "executor");
    return this;
  }

  /** Sets how long a clean call may take before it is reported as long (see {@link LongCalls}). */
  public Binding<T> longCallThreshold(Duration threshold) {
    if (threshold.isNegative()) {
      throw new IllegalArgumentException("longCallThreshold < 0: " + threshold);
    }
    this.longCallThreshold = threshold;
    return this;
  }

  /**
   * Loads the library, checks every method and symbol, links every function and returns the
   * bound interface.
   *
   * @throws LibraryNotFoundException naming the library and every place tried
   * @throws SymbolNotFoundException naming the library, the symbol and the method
   * @throws UnsupportedBindingException naming the method, the backend and the reason
   */
  public T bind() {
    if (library == null) {
      throw new IllegalStateException("no library set for " + iface.getName());
    }
    return Binder.bind(new Binder.Spec<>(iface, library, backend, Map.copyOf(callClasses),
        timeout, dirtyCpu == null ? DirtyExecutor.cpu() : dirtyCpu,
        dirtyIo == null ? DirtyExecutor.io() : dirtyIo, longCallThreshold));
  }
}
