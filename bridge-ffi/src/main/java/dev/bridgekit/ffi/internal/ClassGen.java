package dev.bridgekit.ffi.internal;

import static java.lang.constant.ConstantDescs.CD_MethodHandle;
import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.CD_long;
import static java.lang.constant.ConstantDescs.CD_void;
import static java.lang.constant.ConstantDescs.DEFAULT_NAME;
import static java.lang.constant.ConstantDescs.INIT_NAME;
import static java.lang.constant.ConstantDescs.MTD_void;

import java.lang.classfile.Annotation;
import java.lang.classfile.ClassFile;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.Label;
import java.lang.classfile.TypeKind;
import java.lang.classfile.attribute.RuntimeVisibleAnnotationsAttribute;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessFlag;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes the classes a binding needs, with the JDK's class-file API: the implementation of the
 * user's interface (each method one {@code invokeExact} of a constant method handle, so the JIT
 * sees through it, with a clean call's long-call check written inline), and the declarations
 * jnr-ffi and JNA bind to.
 */
final class ClassGen {
  private ClassGen() {}

  /** A method to declare: its name and its type. */
  record Declared(String name, MethodType type) {}

  /**
   * A method's body: the handle it invokes (of the method's own type) and, for a clean call timed
   * inline, the check of that function's long calls; null for a method that times itself or is
   * not clean.
   */
  record Body(MethodHandle handle, LongCallMonitor.Check check) {}

  /** A generated class and the class data its methods read their constants from. */
  record Implementation(byte[] bytes, List<Object> classData) {}

  private static final ClassDesc CD_COARSE_CLOCK = ClassDesc.of(CoarseClock.class.getName());
  private static final ClassDesc CD_CHECK = ClassDesc.of(LongCallMonitor.Check.class.getName());
  private static final MethodTypeDesc MTD_LOOKS_LONG = MethodTypeDesc.of(CD_void, CD_long);

  /**
   * Returns a hidden class implementing {@code iface}: method {@code i} of {@code methods} calls
   * the handle of {@code bodies.get(i)} with {@code invokeExact}, a constant of the class data.
   * A timed body reads the coarse clock before and after the call and compares in the method's
   * own bytecode: no method-handle combinators between the caller and the downcall, so the JIT
   * inlines the same shape as a hand-written {@code invokeExact}, plus two loads and a compare.
   *
   * <p>The class also has {@link #PRIME}, a {@code public static void} method of no arguments: it
   * resolves each method's constants and links its {@code invokeExact} by calling a handle of the
   * same type that does nothing (a class-data constant too), so that a method's
   * first real call does not spend the milliseconds of that linking inside its timed window,
   * where they made a trivial function's first call look long.
   */
  static Implementation implementation(ClassDesc name, Class<?> iface, List<Method> methods,
      List<Body> bodies) {
    ClassDesc ifaceDesc = ClassDesc.ofDescriptor(iface.descriptorString());
    List<Object> data = new ArrayList<>();
    List<Prime> primes = new ArrayList<>();
    byte[] bytes = ClassFile.of().build(name, cb -> {
      cb.withFlags(AccessFlag.PUBLIC, AccessFlag.FINAL, AccessFlag.SUPER);
      cb.withSuperclass(CD_Object);
      cb.withInterfaceSymbols(ifaceDesc);
      cb.withMethodBody(INIT_NAME, MTD_void, ClassFile.ACC_PUBLIC, code -> code
          .aload(0)
          .invokespecial(CD_Object, INIT_NAME, MTD_void)
          .return_());
      for (int i = 0; i < methods.size(); i++) {
        Method m = methods.get(i);
        Body body = bodies.get(i);
        MethodType type = MethodType.methodType(m.getReturnType(), m.getParameterTypes());
        MethodTypeDesc desc = type.describeConstable().orElseThrow();
        DynamicConstantDesc<?> handle = classDataAt(CD_MethodHandle, data.size());
        data.add(body.handle());
        DynamicConstantDesc<?> check = null;
        if (body.check() != null) {
          check = classDataAt(CD_CHECK, data.size());
          data.add(body.check());
        }
        DynamicConstantDesc<?> checkDesc = check;
        cb.withMethodBody(m.getName(), desc, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL,
            code -> body(code, m, desc, handle, checkDesc,
                body.check() == null ? 0 : body.check().thresholdNanos()));
        DynamicConstantDesc<?> standIn = classDataAt(CD_MethodHandle, data.size());
        data.add(MethodHandles.empty(type));
        primes.add(new Prime(m, desc, handle, checkDesc, standIn));
      }
      cb.withMethodBody(PRIME, MTD_void, ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC,
          code -> prime(code, primes));
    });
    return new Implementation(bytes, data);
  }

  /** The name of the static method that links an implementation's calls ahead of the first. */
  static final String PRIME = "bridgekit$prime";
  /** What {@link #PRIME} does for one method: its constants and its {@code invokeExact}. */
  private record Prime(Method method, MethodTypeDesc desc, DynamicConstantDesc<?> handle,
      DynamicConstantDesc<?> check, DynamicConstantDesc<?> standIn) {}

  /** The body of {@link #PRIME}. */
  private static void prime(CodeBuilder code, List<Prime> primes) {
    for (Prime p : primes) {
      code.ldc(p.handle()).pop();
      if (p.check() != null) {
        code.ldc(p.check()).pop();
      }
      code.ldc(p.standIn());
      for (Class<?> param : p.method().getParameterTypes()) {
        TypeKind kind = TypeKind.from(param);
        switch (kind) {
          case LONG -> code.lconst_0();
          case FLOAT -> code.fconst_0();
          case DOUBLE -> code.dconst_0();
          case REFERENCE -> code.aconst_null();
          default -> code.iconst_0();
        }
      }
      code.invokevirtual(CD_MethodHandle, "invokeExact", p.desc());
      TypeKind returns = TypeKind.from(p.method().getReturnType());
      if (returns.slotSize() == 2) {
        code.pop2();
      } else if (returns != TypeKind.VOID) {
        code.pop();
      }
    }
    code.return_();
  }

  private static DynamicConstantDesc<?> classDataAt(ClassDesc type, int index) {
    return DynamicConstantDesc.ofNamed(ConstantDescs.BSM_CLASS_DATA_AT, DEFAULT_NAME, type, index);
  }

  private static void body(CodeBuilder code, Method m, MethodTypeDesc desc,
      DynamicConstantDesc<?> handle, DynamicConstantDesc<?> check, long thresholdNanos) {
    int slot = 1;
    for (Class<?> p : m.getParameterTypes()) {
      slot += TypeKind.from(p).slotSize();
    }
    int start = slot;
    int result = start + 2;
    TypeKind returns = TypeKind.from(m.getReturnType());
    if (check != null) {
      code.getstatic(CD_COARSE_CLOCK, CoarseClock.NOW_FIELD, CD_long).lstore(start);
    }
    code.ldc(handle);
    slot = 1;
    for (Class<?> p : m.getParameterTypes()) {
      TypeKind kind = TypeKind.from(p);
      code.loadLocal(kind, slot);
      slot += kind.slotSize();
    }
    code.invokevirtual(CD_MethodHandle, "invokeExact", desc);
    if (check != null) {
      // A call that throws is not checked: a downcall throws only before or after the C code
      // runs, so there is no long C call to report, and the path needs no exception handler.
      if (returns != TypeKind.VOID) {
        code.storeLocal(returns, result);
      }
      Label done = code.newLabel();
      code.getstatic(CD_COARSE_CLOCK, CoarseClock.END_NOW_FIELD, CD_long)
          .lload(start)
          .lsub()
          .loadConstant(thresholdNanos)
          .lcmp()
          .ifle(done)
          .ldc(check)
          .lload(start)
          .invokevirtual(CD_CHECK, "looksLong", MTD_LOOKS_LONG)
          .labelBinding(done);
      if (returns != TypeKind.VOID) {
        code.loadLocal(returns, result);
      }
    }
    code.return_(returns);
  }

  /** Returns a public final class declaring each of {@code methods} {@code public static native}. */
  static byte[] nativeMethods(ClassDesc name, List<Declared> methods) {
    return ClassFile.of().build(name, cb -> {
      cb.withFlags(AccessFlag.PUBLIC, AccessFlag.FINAL, AccessFlag.SUPER);
      cb.withSuperclass(CD_Object);
      for (Declared d : methods) {
        cb.withMethod(d.name(), d.type().describeConstable().orElseThrow(),
            ClassFile.ACC_PUBLIC | ClassFile.ACC_STATIC | ClassFile.ACC_NATIVE, mb -> {});
      }
    });
  }

  /**
   * Returns a public interface declaring each of {@code methods}; those not in {@code saveErrno}
   * carry {@code @jnr.ffi.annotations.IgnoreError}, so jnr-ffi skips saving errno for them.
   */
  static byte[] jnrInterface(ClassDesc name, List<Declared> methods, List<Boolean> saveErrno) {
    ClassDesc ignoreError = ClassDesc.of("jnr.ffi.annotations.IgnoreError");
    return ClassFile.of().build(name, cb -> {
      cb.withFlags(AccessFlag.PUBLIC, AccessFlag.INTERFACE, AccessFlag.ABSTRACT);
      cb.withSuperclass(CD_Object);
      for (int i = 0; i < methods.size(); i++) {
        Declared d = methods.get(i);
        boolean save = saveErrno.get(i);
        cb.withMethod(d.name(), d.type().describeConstable().orElseThrow(),
            ClassFile.ACC_PUBLIC | ClassFile.ACC_ABSTRACT, mb -> {
              if (!save) {
                mb.with(RuntimeVisibleAnnotationsAttribute.of(Annotation.of(ignoreError)));
              }
            });
      }
    });
  }

  /**
   * Returns a public interface declaring one abstract method, {@code method} of {@code type},
   * extending {@code superInterface} and carrying {@code annotation} (a runtime-visible method
   * annotation) where not null: the callback declarations of JNA and jnr-ffi.
   */
  static byte[] callbackInterface(ClassDesc name, ClassDesc superInterface, String method,
      MethodType type, ClassDesc annotation) {
    return ClassFile.of().build(name, cb -> {
      cb.withFlags(AccessFlag.PUBLIC, AccessFlag.INTERFACE, AccessFlag.ABSTRACT);
      cb.withSuperclass(CD_Object);
      if (superInterface != null) {
        cb.withInterfaceSymbols(superInterface);
      }
      cb.withMethod(method, type.describeConstable().orElseThrow(),
          ClassFile.ACC_PUBLIC | ClassFile.ACC_ABSTRACT, mb -> {
            if (annotation != null) {
              mb.with(RuntimeVisibleAnnotationsAttribute.of(Annotation.of(annotation)));
            }
          });
    });
  }

  /** Defines generated classes that other libraries (JNA, jnr-ffi) must see by name. */
  static final class Loader extends ClassLoader {
    Loader(ClassLoader parent) {
      super("bridgekit-ffi-generated", parent);
    }

    Class<?> define(String binaryName, byte[] bytes) {
      return defineClass(binaryName, bytes, 0, bytes.length);
    }
  }
}
