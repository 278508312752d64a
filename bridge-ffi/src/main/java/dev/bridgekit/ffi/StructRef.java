package dev.bridgekit.ffi;

import java.util.Objects;

/**
 * Holds a {@link Struct} value passed by reference ({@code T *}) so that the callee can change it:
 * the binding copies {@link #get()} into native memory for the call and, when the call returns,
 * sets the holder to what the callee left there. Not thread-safe: one call at a time.
 *
 * @param <T> the struct's record type
 */
public final class StructRef<T extends Record> {
  private final Class<T> type;
  private T value;

  private StructRef(Class<T> type, T value) {
    this.type = type;
    this.value = value;
  }

  /** Returns a holder of {@code value}, whose class is the struct type. */
  @SuppressWarnings("unchecked")
  public static <T extends Record> StructRef<T> of(T value) {
    Objects.requireNonNull(value, "value");
    return new StructRef<>((Class<T>) value.getClass(), value);
  }

  /** Returns the struct type this holder carries. */
  public Class<T> type() {
    return type;
  }

  /** Returns the current value. */
  public T get() {
    return value;
  }

  /** Replaces the value. */
  public void set(T value) {
    this.value = type.cast(Objects.requireNonNull(value, "value"));
  }

  @Override
  public String toString() {
    return "StructRef[" + value + "]";
  }
}
