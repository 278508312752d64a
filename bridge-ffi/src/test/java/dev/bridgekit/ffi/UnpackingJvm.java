package dev.bridgekit.ffi;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The child JVM of {@code BundledLibraryTest.jvmsStartingAtOnceShareOneVerifiedCopy}: binds the
 * demo library bundled in a jar, unpacking it into a cache directory, at the moment its parent
 * says {@code go} on stdin, calls it, and prints {@code result <sum>}. Arguments: the jar, the
 * cache directory, and the number to add 1 to.
 */
public final class UnpackingJvm {
  private UnpackingJvm() {}

  /** Runs the child; exits non-zero (with the stack trace on stderr) if anything fails. */
  public static void main(String[] args) throws Exception {
    Path jar = Path.of(args[0]);
    Path cache = Path.of(args[1]);
    int k = Integer.parseInt(args[2]);
    ClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null);
    LibrarySource source = LibrarySource.bundled(loader, "libbkdemo.so", cache);
    // Load the classes the unpack runs through before the start signal, so that what the JVMs
    // do at the same moment is the unpack itself, not class loading.
    Class.forName("dev.bridgekit.ffi.internal.BundleUnpacker");
    Class.forName("org.apache.commons.compress.archivers.tar.TarArchiveInputStream");
    Class.forName("org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream");
    Binding.of(BundledLibraryTest.Add.class);
    System.out.println("ready");
    System.out.flush();
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    if (!"go".equals(in.readLine())) {
      throw new IllegalStateException("the parent did not say go");
    }
    BundledLibraryTest.Add add = Binding.of(BundledLibraryTest.Add.class).library(source).bind();
    System.out.println("result " + add.add(k, 1));
    System.out.flush();
  }
}
