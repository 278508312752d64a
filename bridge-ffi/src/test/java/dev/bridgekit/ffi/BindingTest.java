package dev.bridgekit.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.NativeDir;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** What binding checks before any call: the library, the symbols, the declarations. */
class BindingTest {
  /** A few functions of the C library, found by name. */
  public interface LibC {
    long strlen(String s);

    int abs(int n);
  }

  /** The demo library found by its short name. */
  public interface DemoByName {
    @Symbol("bk_demo_add_i32")
    int add(int a, int b);
  }

  @Test
  void aLibraryIsFoundByNameInTheSystemDirectories() {
    LibC libc = Binding.of(LibC.class).library(LibrarySource.name("libc.so.6")).bind();
    assertEquals(3, libc.strlen("abc"));
    assertEquals(7, libc.abs(-7));
  }

  @Test
  void aLibraryIsFoundByShortNameOnTheJavaLibraryPath() {
    String saved = System.getProperty("java.library.path");
    System.setProperty("java.library.path", NativeDir.path().toString());
    try {
      for (Backend backend : Backend.values()) {
        DemoByName demo = Binding.of(DemoByName.class).library(LibrarySource.name("bkdemo"))
            .backend(backend).bind();
        assertEquals(5, demo.add(2, 3));
      }
    } finally {
      System.setProperty("java.library.path", saved);
    }
  }

  @Test
  void aMissingLibraryByNameListsEveryPlaceTried() {
    var e = assertThrows(LibraryNotFoundException.class,
        () -> Binding.of(LibC.class).library(LibrarySource.name("bridgekit_nowhere")).bind());
    assertEquals("bridgekit_nowhere", e.library());
    assertTrue(e.tried().stream().anyMatch(t -> t.startsWith("/usr/lib/libbridgekit_nowhere.so")),
        e.tried().toString());
    assertTrue(e.tried().getLast().startsWith("dlopen(\"libbridgekit_nowhere.so\")"),
        e.tried().toString());
    assertTrue(e.getMessage().contains("bridgekit_nowhere"), e.getMessage());
  }

  @Test
  void aMissingLibraryAtAPathNamesThePath() {
    Path missing = NativeDir.path().resolve("libbridgekit_missing.so");
    var e = assertThrows(LibraryNotFoundException.class,
        () -> Binding.of(LibC.class).library(LibrarySource.path(missing)).bind());
    assertEquals(1, e.tried().size());
    assertTrue(e.tried().get(0).startsWith(missing.toString()), e.tried().toString());
  }

  @Test
  void aFileThatIsNotALibraryIsRefusedWithTheLoadersReason() {
    Path notALibrary = Path.of("/etc/hostname");
    var e = assertThrows(LibraryNotFoundException.class,
        () -> Binding.of(LibC.class).library(LibrarySource.path(notALibrary)).bind());
    assertTrue(e.tried().get(0).contains("cannot be opened"), e.tried().toString());
  }

  /** Declarations no backend can bind. */
  public interface Unbindable {
    @Symbol("bk_demo_add_i32")
    int add(Object a, int b);
  }

  @Test
  void aTypeWithoutACImageFailsNamingTheMethod() {
    var e = assertThrows(UnsupportedBindingException.class,
        () -> Binding.of(Unbindable.class).library(DemoLibrary.source()).bind());
    assertEquals("Unbindable.add", e.method());
    assertTrue(e.getMessage().contains("java.lang.Object"), e.getMessage());
  }

  /** A timeout on a call that cannot be abandoned. */
  public interface CleanWithTimeout {
    @Timeout(millis = 10)
    @Symbol("bk_demo_sleep_ms")
    int sleep(int ms);
  }

  @Test
  void aTimeoutOnACleanMethodFailsTheBinding() {
    var e = assertThrows(UnsupportedBindingException.class,
        () -> Binding.of(CleanWithTimeout.class).library(DemoLibrary.source()).bind());
    assertTrue(e.getMessage().contains("clean"), e.getMessage());
  }

  /** Two call classes at once. */
  public interface TwoClasses {
    @DirtyIo
    @DirtyCpu
    @Symbol("bk_demo_sleep_ms")
    int sleep(int ms);
  }

  @Test
  void twoCallClassesOnAMethodFailTheBinding() {
    var e = assertThrows(UnsupportedBindingException.class,
        () -> Binding.of(TwoClasses.class).library(DemoLibrary.source()).bind());
    assertTrue(e.getMessage().contains("more than one call class"), e.getMessage());
  }

  /** A struct record without the annotation. */
  public record NotAStruct(double x, double y) {}

  /** Uses a record that is not a @Struct. */
  public interface UsesPlainRecord {
    @Symbol("bk_demo_point_norm")
    double norm(@ByReference NotAStruct p);
  }

  @Test
  void aRecordWithoutStructIsRefused() {
    var e = assertThrows(UnsupportedBindingException.class,
        () -> Binding.of(UsesPlainRecord.class).library(DemoLibrary.source()).bind());
    assertTrue(e.getMessage().contains("NotAStruct"), e.getMessage());
  }

  interface NotPublic {
    @Symbol("bk_demo_add_i32")
    int add(int a, int b);
  }

  @Test
  void aNonPublicInterfaceIsRefused() {
    var e = assertThrows(BindingException.class,
        () -> Binding.of(NotPublic.class).library(DemoLibrary.source()).bind());
    assertTrue(e.getMessage().contains("not public"), e.getMessage());
  }

  /** Default methods stay Java code; only abstract methods are bound. */
  public interface WithDefault {
    @Symbol("bk_demo_add_i32")
    int add(int a, int b);

    default int twice(int a) {
      return add(a, a);
    }
  }

  @Test
  void defaultMethodsCallTheBoundOnes() {
    WithDefault bound = Binding.of(WithDefault.class).library(DemoLibrary.source()).bind();
    assertEquals(42, bound.twice(21));
  }
}
