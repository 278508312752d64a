package dev.bridgekit.ffi;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Timespan;

/**
 * Records, as a JFR event, a clean native call that ran longer than its binding's long-call
 * threshold: the call pinned its caller's thread (a virtual thread's carrier) for that long, as
 * BEAM's {@code long_schedule} monitor reports. Such a function should be declared dirty.
 */
@Name("dev.bridgekit.ffi.LongNativeCall")
@Label("Long Native Call")
@Category({"bridgekit", "FFI"})
@Description("A clean native call that took longer than the long-call threshold")
public final class LongNativeCall extends jdk.jfr.Event {
  /** The C function's symbol. */
  @Label("Function")
  public String function;

  /** How long the call took at least, in nanoseconds (a lower bound, within the long-call clock's resolution). */
  @Label("Call Duration")
  @Timespan(Timespan.NANOSECONDS)
  public long callDuration;
}
