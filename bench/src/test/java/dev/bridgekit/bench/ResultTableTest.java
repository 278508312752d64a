package dev.bridgekit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultTableTest {
  private static Row measured() {
    return new Row("runtime.call_rtt", 9.1234, 1.6, "erl gen_server:call", "µs", Better.LOWER,
        9.5, 1.55, "µs/op", "a note");
  }

  private static Row memoryOnly() {
    return new Row("runtime.idle_bytes", 837.6, 2632, "erl memory(processes)", "bytes/process",
        Better.LOWER, Double.NaN, Double.NaN, "", "tab\tand\nnewline");
  }

  @Test
  void tsvHasTheHeaderThenOneLinePerRowWithEmptyCellsForWhatWasNotMeasured(@TempDir Path dir)
      throws Exception {
    ResultTable table = new ResultTable();
    table.add(measured());
    table.add(memoryOnly());
    Path tsv = dir.resolve("target/bench/results.tsv");

    table.writeTsv(tsv);

    List<String> lines = Files.readAllLines(tsv);
    assertEquals(
        "metric\tproject\tanchor\tanchor_name\tunit\tratio\tbetter\tproject_cpu_per_op"
            + "\tanchor_cpu_per_op\tcpu_unit\tnote",
        lines.get(0));
    assertEquals(
        "runtime.call_rtt\t9.123\t1.6\terl gen_server:call\tµs\t5.702\tlower\t9.5\t1.55\tµs/op"
            + "\ta note",
        lines.get(1));
    assertEquals(
        "runtime.idle_bytes\t837.6\t2632\terl memory(processes)\tbytes/process\t0.3182\tlower"
            + "\t\t\t\ttab and newline",
        lines.get(2));
    assertEquals(3, lines.size());
  }

  @Test
  void alignedTableStartsEveryColumnAtTheSamePlaceOnEveryLine() {
    ResultTable table = new ResultTable();
    table.add(measured());
    table.add(memoryOnly());

    List<String> lines = table.aligned().lines().toList();

    assertEquals(3, lines.size());
    int better = lines.get(0).indexOf("better");
    assertEquals(better, lines.get(1).indexOf("lower"));
    assertEquals(better, lines.get(2).indexOf("lower"));
    int note = lines.get(0).indexOf("note");
    assertEquals(note, lines.get(1).indexOf("a note"));
    assertEquals("-", lines.get(2).substring(lines.get(0).indexOf("project_cpu_per_op"),
        lines.get(0).indexOf("anchor_cpu_per_op")).strip());
  }

  @Test
  void figuresKeepFourSignificantDigitsWithoutExponent() {
    assertEquals("1235000", ResultTable.format(1_234_567));
    assertEquals("0.0001235", ResultTable.format(0.00012345));
    assertEquals("2", ResultTable.format(2.0));
    assertEquals("-", ResultTable.format(Double.NaN));
  }
}
