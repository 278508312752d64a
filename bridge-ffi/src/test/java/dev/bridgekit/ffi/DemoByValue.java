package dev.bridgekit.ffi;

import dev.bridgekit.ffi.Demo.Pair;
import dev.bridgekit.ffi.Demo.Point;

/** The demo library's structs by value: the FFM backend's alone. */
public interface DemoByValue {
  @Symbol("bk_demo_point_add")
  Point add(Point p, Point q);

  @Symbol("bk_demo_pair_make")
  Pair makePair(int a, long b);

  @Symbol("bk_demo_pair_sum")
  long pairSum(Pair p);
}
