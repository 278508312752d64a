package dev.bridgekit.ffi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.bridgekit.runtime.NativeDir;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Clean calls over the threshold are counted, logged and recorded as JFR events. */
class LongCallTest {
  @Test
  void aLongCleanCallIsCountedAndRecordedAsAJfrEvent() throws Exception {
    Sleeper sleeper = Binding.of(Sleeper.class).library(DemoLibrary.source()).bind();
    sleeper.sleepInline(0); // the first call links lazily; not what is measured
    long before = LongCalls.count("bk_demo_sleep_ms");
    Path dump = Files.createTempFile("bridgekit-longcall", ".jfr");
    try (Recording recording = new Recording()) {
      recording.enable(LongNativeCall.class).withoutThreshold();
      recording.start();
      sleeper.sleepInline(20);
      recording.stop();
      recording.dump(dump);
      List<RecordedEvent> events = RecordingFile.readAllEvents(dump).stream()
          .filter(e -> e.getEventType().getName().equals("dev.bridgekit.ffi.LongNativeCall"))
          .toList();
      assertEquals(1, events.size(), events.toString());
      assertEquals("bk_demo_sleep_ms", events.get(0).getString("function"));
      Duration took = events.get(0).getDuration("callDuration");
      assertTrue(took.toMillis() >= 15, "recorded " + took);
    } finally {
      Files.deleteIfExists(dump);
    }
    assertEquals(before + 1, LongCalls.count("bk_demo_sleep_ms"));
    assertTrue(LongCalls.total() >= 1);
  }

  /**
   * A trivial function's first call in a fresh JVM is not reported: the linking of its call, some
   * milliseconds the first time, is done when it is bound, outside the call's timed window.
   */
  @ParameterizedTest
  @EnumSource(names = {"FFM", "JNR", "JNA"})
  void theFirstCallOfATrivialFunctionIsNotALongCall(Backend backend) throws Exception {
    String java = ProcessHandle.current().info().command().orElseThrow(
        () -> new IllegalStateException("this JVM's java binary is unknown"));
    Process jvm = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED",
        "-D" + NativeDir.PROPERTY + "=" + System.getProperty(NativeDir.PROPERTY),
        "-cp", System.getProperty("java.class.path"), FirstCallJvm.class.getName(), backend.name())
        .redirectErrorStream(true).start();
    String out = new String(jvm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(jvm.waitFor(60, TimeUnit.SECONDS), "the JVM exits");
    assertTrue(out.contains("sum 5 long 0"), out);
  }

  @Test
  void aShortCleanCallIsNotCounted() {
    Sleeper sleeper = Binding.of(Sleeper.class).library(DemoLibrary.source())
        .longCallThreshold(Duration.ofMillis(200)).bind();
    sleeper.sleepInline(0);
    long before = LongCalls.count("bk_demo_sleep_ms");
    for (int i = 0; i < 100; i++) {
      sleeper.sleepInline(0);
    }
    assertEquals(before, LongCalls.count("bk_demo_sleep_ms"));
  }

  @Test
  void dirtyCallsAreNeverLongCalls() {
    Sleeper sleeper = Binding.of(Sleeper.class).library(DemoLibrary.source()).bind();
    long before = LongCalls.count("bk_demo_sleep_ms");
    sleeper.sleepDirty(20);
    assertEquals(before, LongCalls.count("bk_demo_sleep_ms"));
  }
}
