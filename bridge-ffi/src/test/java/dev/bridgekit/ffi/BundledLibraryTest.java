package dev.bridgekit.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.NativeDir;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Libraries bundled in a jar, made here from libbkdemo.so, unpacked into a versioned cache: by
 * one thread, by threads of one JVM at once, and by several JVMs started at once.
 */
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
    return new URLClassLoader(new URL[] {bundleJar(checksumOverride, entryName).toUri().toURL()},
        null);
  }

  /** Writes a jar holding the demo library's bundle into the test's directory; returns it. */
  private Path bundleJar(String checksumOverride, String entryName) throws Exception {
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
        : sha256(tgz);
    Path jar = Files.createTempFile(temp, "bundle", ".jar");
    try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
      put(out, "META-INF/native/" + platform() + ".tar.gz", tgz);
      put(out, "META-INF/native/" + platform() + ".tar.gz.sha256",
          (sum + "  " + platform() + ".tar.gz\n").getBytes());
    }
    return jar;
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
  void jvmsStartingAtOnceShareOneVerifiedCopy() throws Exception {
    Path jar = bundleJar(null, "libbkdemo.so");
    Path cache = temp.resolve("cache");
    String java = ProcessHandle.current().info().command().orElseThrow(
        () -> new IllegalStateException("this JVM's java binary is unknown"));
    int n = 3;
    List<Process> children = new CopyOnWriteArrayList<>();
    List<BufferedReader> outs = new ArrayList<>();
    // A child that hangs would block a read forever: past the deadline every child is killed,
    // which ends its output, and the read fails the test with the child's stderr.
    CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS)
        .execute(() -> children.forEach(Process::destroyForcibly));
    try {
      for (int i = 0; i < n; i++) {
        // C1 only: the children run for a moment, and start faster without C2.
        Process child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1",
            "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
            UnpackingJvm.class.getName(), jar.toString(), cache.toString(), Integer.toString(i))
            .redirectError(temp.resolve("child-" + i + ".err").toFile())
            .start();
        children.add(child);
        outs.add(child.inputReader(StandardCharsets.UTF_8));
      }
      // Every child has started and loaded its classes before any is told to go: the unpacks
      // run at the same moment, as far as a machine can make them.
      for (int i = 0; i < n; i++) {
        assertEquals("ready", outs.get(i).readLine(), "child " + i + ": " + stderr(i));
      }
      for (Process child : children) {
        child.outputWriter(StandardCharsets.UTF_8).write("go\n");
      }
      for (Process child : children) {
        child.outputWriter(StandardCharsets.UTF_8).flush();
      }
      for (int i = 0; i < n; i++) {
        assertEquals("result " + (i + 1), outs.get(i).readLine(), "child " + i + ": " + stderr(i));
        assertTrue(children.get(i).waitFor(30, TimeUnit.SECONDS), "child " + i + " exits");
        assertEquals(0, children.get(i).exitValue(), "child " + i + ": " + stderr(i));
      }
    } finally {
      children.forEach(Process::destroyForcibly);
    }
    List<Path> versions = list(cache);
    assertEquals(1, versions.size(), "one version directory, no leftover temporaries: " + versions);
    List<Path> files = list(versions.get(0));
    assertEquals(List.of(versions.get(0).resolve("libbkdemo.so")), files);
    assertEquals(sha256(Files.readAllBytes(NativeDir.resolve("libbkdemo.so"))),
        sha256(Files.readAllBytes(files.get(0))), "the cached copy is the library, whole");
  }

  private String stderr(int child) throws IOException {
    Path err = temp.resolve("child-" + child + ".err");
    return Files.exists(err) ? Files.readString(err) : "";
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
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
