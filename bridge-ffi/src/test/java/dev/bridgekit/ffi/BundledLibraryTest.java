package dev.bridgekit.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.NativeDir;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Libraries bundled in a jar, made here from libbkdemo.so, unpacked into a versioned cache. */
class BundledLibraryTest {
  @TempDir Path temp;

  /** The one function these tests call. */
  public interface Add {
    @Symbol("bk_demo_add_i32")
    int add(int a, int b);
  }

  private static String platform() {
    String arch = System.getProperty("os.arch").equals("amd64") ? "x86_64"
        : System.getProperty("os.arch");
    return System.getProperty("os.name").toLowerCase(Locale.ROOT) + "-" + arch;
  }

  /** Returns a class loader over a jar holding the demo library's bundle. */
  private ClassLoader jarWithBundle(String checksumOverride, String entryName) throws Exception {
    byte[] lib = Files.readAllBytes(NativeDir.resolve("libbkdemo.so"));
    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    try (TarArchiveOutputStream tar = new TarArchiveOutputStream(
        new GzipCompressorOutputStream(archive))) {
      TarArchiveEntry entry = new TarArchiveEntry(entryName);
      entry.setSize(lib.length);
      tar.putArchiveEntry(entry);
      tar.write(lib);
      tar.closeArchiveEntry();
    }
    byte[] tgz = archive.toByteArray();
    String sum = checksumOverride != null ? checksumOverride
        : HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(tgz));
    Path jar = Files.createTempFile(temp, "bundle", ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      put(out, "META-INF/native/" + platform() + ".tar.gz", tgz);
      put(out, "META-INF/native/" + platform() + ".tar.gz.sha256",
          (sum + "  " + platform() + ".tar.gz\n").getBytes());
    }
    return new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
  }

  private static void put(JarOutputStream out, String name, byte[] bytes) throws IOException {
    out.putNextEntry(new JarEntry(name));
    out.write(bytes);
    out.closeEntry();
  }

  private static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.toList();
    }
  }

  @Test
  void aBundledLibraryIsUnpackedOnceAndBound() throws Exception {
    ClassLoader loader = jarWithBundle(null, "libbkdemo.so");
    Path cache = temp.resolve("cache");
    LibrarySource source = LibrarySource.bundled(loader, "libbkdemo.so", cache);
    for (Backend backend : Backend.values()) {
      Add add = Binding.of(Add.class).library(source).backend(backend).bind();
      assertEquals(5, add.add(2, 3));
    }
    List<Path> versions = list(cache);
    assertEquals(1, versions.size(), versions.toString());
    assertEquals(32, versions.get(0).getFileName().toString().length());
    assertEquals(List.of(versions.get(0).resolve("libbkdemo.so")), list(versions.get(0)));
  }

  @Test
  void concurrentUnpacksAgreeOnOneDirectory() throws Exception {
    ClassLoader loader = jarWithBundle(null, "./libbkdemo.so");
    Path cache = temp.resolve("cache");
    int n = 6;
    CyclicBarrier start = new CyclicBarrier(n);
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      List<Future<Integer>> results = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int k = i;
        results.add(pool.submit(() -> {
          start.await();
          return Binding.of(Add.class)
              .library(LibrarySource.bundled(loader, "libbkdemo.so", cache)).bind().add(k, 1);
        }));
      }
      for (int i = 0; i < n; i++) {
        assertEquals(i + 1, results.get(i).get());
      }
    } finally {
      pool.shutdownNow();
    }
    List<Path> entries = list(cache);
    assertEquals(1, entries.size(), "one version directory, no leftover temporaries: " + entries);
  }

  @Test
  void anArchiveWhoseChecksumDiffersIsRejected() throws Exception {
    String wrong = "0".repeat(64);
    ClassLoader loader = jarWithBundle(wrong, "libbkdemo.so");
    Path cache = temp.resolve("cache");
    var e = assertThrows(LibraryNotFoundException.class, () -> Binding.of(Add.class)
        .library(LibrarySource.bundled(loader, "libbkdemo.so", cache)).bind());
    assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    assertTrue(e.getMessage().contains(wrong), e.getMessage());
    assertTrue(Files.notExists(cache) || list(cache).isEmpty(), "nothing unpacked");
  }

  @Test
  void aTamperedUnpackedFileIsRefused() throws Exception {
    ClassLoader loader = jarWithBundle(null, "libbkdemo.so");
    Path cache = temp.resolve("cache");
    LibrarySource source = LibrarySource.bundled(loader, "libbkdemo.so", cache);
    Binding.of(Add.class).library(source).bind();
    Path unpacked = list(list(cache).get(0)).get(0);
    unpacked.toFile().setWritable(true);
    try (OutputStream out = Files.newOutputStream(unpacked,
        java.nio.file.StandardOpenOption.APPEND)) {
      out.write(0);
    }
    var e = assertThrows(LibraryNotFoundException.class,
        () -> Binding.of(Add.class).library(source).bind());
    assertTrue(e.getMessage().contains("sha256"), e.getMessage());
  }

  @Test
  void aMissingBundleNamesTheResourceTried() {
    ClassLoader empty = new URLClassLoader(new URL[0], null);
    var e = assertThrows(LibraryNotFoundException.class, () -> Binding.of(Add.class)
        .library(LibrarySource.bundled(empty, "libbkdemo.so", temp)).bind());
    assertTrue(e.tried().get(0).startsWith("META-INF/native/" + platform() + ".tar.gz"),
        e.tried().toString());
  }

  @Test
  void anArchiveEntryWithADirectoryIsRefused() throws Exception {
    ClassLoader loader = jarWithBundle(null, "../evil/libbkdemo.so");
    var e = assertThrows(LibraryNotFoundException.class, () -> Binding.of(Add.class)
        .library(LibrarySource.bundled(loader, "libbkdemo.so", temp.resolve("cache"))).bind());
    assertTrue(e.getMessage().contains("not a plain file name"), e.getMessage());
  }
}
