package dev.bridgekit.ffi.internal;

import static java.lang.constant.ConstantDescs.CD_MethodHandle;
import static java.lang.constant.ConstantDescs.CD_Object;
import static java.lang.constant.ConstantDescs.DEFAULT_NAME;
import static java.lang.constant.ConstantDescs.INIT_NAME;
import static java.lang.constant.ConstantDescs.MTD_void;

import java.lang.classfile.Annotation;
import java.lang.classfile.ClassFile;
import java.lang.classfile.TypeKind;
import java.lang.classfile.attribute.RuntimeVisibleAnnotationsAttribute;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.DynamicConstantDesc;
import java.lang.constant.MethodTypeDesc;
import java.lang.invoke.MethodType;
import java.lang.reflect.AccessFlag;
import java.lang.reflect.Method;
import java.util.List;

/**
 * Writes the classes a binding needs, with the JDK's class-file API: the implementation of the
 * user's interface (each method one {@code invokeExact} of a constant method handle, so the JIT
 * sees through it), and the declarations jnr-ffi and JNA bind to.
 */
final class ClassGen {
  private ClassGen() {}

  /** A method to declare: its name and its type. */
  record Declared(String name, MethodType type) {}

  /**
   * Returns a hidden class implementing {@code iface}: method {@code i} of {@code methods} calls
   * the method handle at index {@code i} of the class data (a {@code List<MethodHandle>}) with
   * {@code invokeExact}, the handle's type being the method's own.
   */
  static byte[] implementation(ClassDesc name, Class<?> iface, List<Method> methods) {
    ClassDesc ifaceDesc = ClassDesc.ofDescriptor(iface.descriptorString());
    return ClassFile.of().build(name, cb -> {
      cb.withFlags(AccessFlag.PUBLIC, AccessFlag.FINAL, AccessFlag.SUPER);
      cb.withSuperclass(CD_Object);
      cb.withInterfaceSymbols(ifaceDesc);
      cb.withMethodBody(INIT_NAME, MTD_void, ClassFile.ACC_PUBLIC, code -> code
          .aload(0)
          .invokespecial(CD_Object, INIT_NAME, MTD_void)
          .return_());
      for (int i = 0; i < methods.size(); i++) {
        Method m = methods.get(i);
        MethodTypeDesc desc = MethodType.methodType(m.getReturnType(), m.getParameterTypes())
            .describeConstable().orElseThrow();
        DynamicConstantDesc<?> handle = DynamicConstantDesc.ofNamed(
            ConstantDescs.BSM_CLASS_DATA_AT, DEFAULT_NAME, CD_MethodHandle, i);
        cb.withMethodBody(m.getName(), desc, ClassFile.ACC_PUBLIC | ClassFile.ACC_FINAL, code -> {
          code.ldc(handle);
          int slot = 1;
          for (Class<?> p : m.getParameterTypes()) {
            TypeKind kind = TypeKind.from(p);
            code.loadLocal(kind, slot);
            slot += kind.slotSize();
          }
          code.invokevirtual(CD_MethodHandle, "invokeExact", desc);
          code.return_(TypeKind.from(m.getReturnType()));
        });
      }
    });
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
