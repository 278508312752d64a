package dev.bridgekit.ffi.internal;

import dev.bridgekit.ffi.NativePointer;
import dev.bridgekit.ffi.Struct;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.StructLayout;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.List;

/**
 * The C image of a {@link Struct} record: its layout with C's natural alignment, and the copy
 * between a record value and native memory in both directions.
 */
final class StructType {
  private static final ClassValue<StructType> CACHE = new ClassValue<>() {
    @Override
    protected StructType computeValue(Class<?> type) {
      return build(type);
    }
  };

  private sealed interface Field {}

  private record ScalarField(String name, long offset, ValueLayout layout, Class<?> type,
      MethodHandle accessor) implements Field {}

  private record NestedField(String name, long offset, StructType struct, MethodHandle accessor)
      implements Field {}

  private final Class<?> type;
  private final StructLayout layout;
  private final List<Field> fields;
  private final MethodHandle constructor;

  private StructType(Class<?> type, StructLayout layout, List<Field> fields,
      MethodHandle constructor) {
    this.type = type;
    this.layout = layout;
    this.fields = fields;
    this.constructor = constructor;
  }

  /**
   * Returns the struct image of {@code type}.
   *
   * @throws IllegalArgumentException naming the type and the component if it is not a {@link
   *     Struct} record of supported components
   */
  static StructType of(Class<?> type) {
    try {
      return CACHE.get(type);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** Returns true if {@code type} is a record annotated {@link Struct}. */
  static boolean isStruct(Class<?> type) {
    return type.isRecord() && type.isAnnotationPresent(Struct.class);
  }

  private static StructType build(Class<?> type) {
    if (!isStruct(type)) {
      throw new IllegalArgumentException(type.getName() + " is not a record annotated @Struct");
    }
    // This module's own lookup, not publicLookup: a package exported only to dev.bridgekit.ffi
    // is accessible to it, once this module reads the record's.
    StructType.class.getModule().addReads(type.getModule());
    MethodHandles.Lookup lookup = MethodHandles.lookup();
    RecordComponent[] components = type.getRecordComponents();
    List<MemoryLayout> members = new ArrayList<>();
    List<Field> fields = new ArrayList<>();
    long offset = 0;
    long maxAlign = 1;
    Class<?>[] ctorTypes = new Class<?>[components.length];
    try {
      for (int i = 0; i < components.length; i++) {
        RecordComponent c = components[i];
        Class<?> ct = c.getType();
        ctorTypes[i] = ct;
        MethodHandle accessor = lookup.unreflect(c.getAccessor());
        MemoryLayout member;
        Field field;
        long align;
        if (isStruct(ct)) {
          StructType nested = of(ct);
          align = nested.layout.byteAlignment();
          offset = alignUp(offset, align, members);
          member = nested.layout.withName(c.getName());
          field = new NestedField(c.getName(), offset, nested, accessor);
        } else {
          ValueLayout value = scalarLayout(ct);
          if (value == null) {
            throw new IllegalArgumentException("struct " + type.getName() + " component "
                + c.getName() + " has type " + ct.getName() + ", not a C field type");
          }
          align = value.byteAlignment();
          offset = alignUp(offset, align, members);
          member = value.withName(c.getName());
          field = new ScalarField(c.getName(), offset, value, ct, accessor);
        }
        members.add(member);
        fields.add(field);
        offset += member.byteSize();
        maxAlign = Math.max(maxAlign, align);
      }
      if (components.length == 0) {
        throw new IllegalArgumentException("struct " + type.getName() + " has no components");
      }
      alignUp(offset, maxAlign, members);
      MethodHandle ctor = lookup.findConstructor(type, MethodType.methodType(void.class, ctorTypes));
      return new StructType(type, MemoryLayout.structLayout(members.toArray(MemoryLayout[]::new)),
          List.copyOf(fields), ctor);
    } catch (ReflectiveOperationException e) {
      throw new IllegalArgumentException("struct " + type.getName()
          + " is not accessible (a public record in a package open to dev.bridgekit.ffi): " + e, e);
    }
  }

  /** Adds the padding C inserts before a member aligned to {@code align}; returns the new offset. */
  private static long alignUp(long offset, long align, List<MemoryLayout> members) {
    long aligned = (offset + align - 1) / align * align;
    if (aligned > offset) {
      members.add(MemoryLayout.paddingLayout(aligned - offset));
    }
    return aligned;
  }

  private static ValueLayout scalarLayout(Class<?> type) {
    if (type == NativePointer.class) {
      return ValueLayout.ADDRESS;
    }
    NativeType.Scalar scalar = NativeType.Scalar.ofPrimitive(type);
    return scalar == null ? null : scalar.layout();
  }

  /** Returns the record type. */
  Class<?> type() {
    return type;
  }

  /** Returns the C layout. */
  StructLayout layout() {
    return layout;
  }

  /** Copies {@code value} into {@code segment} at {@code base}. */
  void write(MemorySegment segment, long base, Object value) {
    try {
      for (Field f : fields) {
        switch (f) {
          case ScalarField s -> writeScalar(segment, base + s.offset(), s, s.accessor().invoke(value));
          case NestedField n -> n.struct().write(segment, base + n.offset(), n.accessor().invoke(value));
        }
      }
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("reading struct " + type.getName() + ": " + t, t);
    }
  }

  private static void writeScalar(MemorySegment segment, long at, ScalarField f, Object v) {
    switch (f.layout()) {
      case ValueLayout.OfByte l -> segment.set(l, at, (Byte) v);
      case ValueLayout.OfShort l -> segment.set(l, at, (Short) v);
      case ValueLayout.OfInt l -> segment.set(l, at, (Integer) v);
      case ValueLayout.OfLong l -> segment.set(l, at, (Long) v);
      case ValueLayout.OfFloat l -> segment.set(l, at, (Float) v);
      case ValueLayout.OfDouble l -> segment.set(l, at, (Double) v);
      case ValueLayout.OfBoolean l -> segment.set(l, at, (Boolean) v);
      case AddressLayout l -> segment.set(l, at,
          MemorySegment.ofAddress(v == null ? 0 : ((NativePointer) v).address()));
      default -> throw new IllegalStateException("unexpected layout " + f.layout());
    }
  }

  /** Reads a record value from {@code segment} at {@code base}. */
  Object read(MemorySegment segment, long base) {
    Object[] args = new Object[fields.size()];
    for (int i = 0; i < args.length; i++) {
      args[i] = switch (fields.get(i)) {
        case ScalarField s -> readScalar(segment, base + s.offset(), s);
        case NestedField n -> n.struct().read(segment, base + n.offset());
      };
    }
    try {
      return constructor.invokeWithArguments(args);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable t) {
      throw new IllegalStateException("building struct " + type.getName() + ": " + t, t);
    }
  }

  private static Object readScalar(MemorySegment segment, long at, ScalarField f) {
    return switch (f.layout()) {
      case ValueLayout.OfByte l -> segment.get(l, at);
      case ValueLayout.OfShort l -> segment.get(l, at);
      case ValueLayout.OfInt l -> segment.get(l, at);
      case ValueLayout.OfLong l -> segment.get(l, at);
      case ValueLayout.OfFloat l -> segment.get(l, at);
      case ValueLayout.OfDouble l -> segment.get(l, at);
      case ValueLayout.OfBoolean l -> segment.get(l, at);
      case AddressLayout l -> new NativePointer(segment.get(l, at).address());
      default -> throw new IllegalStateException("unexpected layout " + f.layout());
    };
  }

  @Override
  public String toString() {
    return "struct " + type.getSimpleName() + " " + layout;
  }
}
