package dev.bridgekit.bench;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects a run's rows and writes them two ways: {@code results.tsv} (a header row, then one
 * tab-separated line per row; a figure that was not measured is an empty cell) and an aligned
 * table for people. The columns are fixed: {@link #COLUMNS}.
 */
public final class ResultTable {
  /** The columns, in order; later bench rows add no columns, they fill these. */
  public static final List<String> COLUMNS =
      List.of(
          "metric",
          "project",
          "anchor",
          "anchor_name",
          "unit",
          "ratio",
          "better",
          "project_cpu_per_op",
          "anchor_cpu_per_op",
          "cpu_unit",
          "note");

  private static final MathContext FIGURES = new MathContext(4);

  private final List<Row> rows = new ArrayList<>();

  /** Adds a row at the end. */
  public void add(Row row) {
    rows.add(row);
  }

  /** Returns the rows added so far, in order. */
  public List<Row> rows() {
    return List.copyOf(rows);
  }

  /** Writes the TSV to {@code file}, replacing it, creating its directory if needed. */
  public void writeTsv(Path file) throws IOException {
    Files.createDirectories(file.toAbsolutePath().getParent());
    StringBuilder out = new StringBuilder(String.join("\t", COLUMNS)).append('\n');
    for (Row row : rows) {
      out.append(String.join("\t", cells(row, ""))).append('\n');
    }
    Files.writeString(file, out, StandardCharsets.UTF_8);
  }

  /** Returns the rows as a table with aligned columns (numbers to the right), one line per row. */
  public String aligned() {
    List<List<String>> lines = new ArrayList<>();
    lines.add(COLUMNS);
    for (Row row : rows) {
      lines.add(cells(row, "-"));
    }
    int[] widths = new int[COLUMNS.size()];
    for (List<String> line : lines) {
      for (int i = 0; i < widths.length; i++) {
        widths[i] = Math.max(widths[i], line.get(i).codePointCount(0, line.get(i).length()));
      }
    }
    StringBuilder out = new StringBuilder();
    for (List<String> line : lines) {
      for (int i = 0; i < widths.length; i++) {
        String cell = line.get(i);
        String pad = " ".repeat(widths[i] - cell.codePointCount(0, cell.length()));
        boolean last = i == widths.length - 1;
        boolean numeric = line != lines.getFirst() && isNumericColumn(i);
        out.append(numeric ? pad + cell : last ? cell : cell + pad);
        if (!last) {
          out.append("  ");
        }
      }
      out.append('\n');
    }
    return out.toString();
  }

  /** Formats a figure to four significant digits, without exponent; NaN as {@code "-"}. */
  public static String format(double value) {
    return format(value, "-");
  }

  private static String format(double value, String missing) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      return missing;
    }
    if (value == 0) {
      return "0";
    }
    return BigDecimal.valueOf(value).round(FIGURES).stripTrailingZeros().toPlainString();
  }

  private static boolean isNumericColumn(int column) {
    return switch (COLUMNS.get(column)) {
      case "project", "anchor", "ratio", "project_cpu_per_op", "anchor_cpu_per_op" -> true;
      default -> false;
    };
  }

  private static List<String> cells(Row row, String missing) {
    return List.of(
        row.metric(),
        format(row.project(), missing),
        format(row.anchor(), missing),
        text(row.anchorName()),
        text(row.unit()),
        format(row.ratio(), missing),
        row.better().label(),
        format(row.projectCpuPerOp(), missing),
        format(row.anchorCpuPerOp(), missing),
        text(row.cpuUnit()),
        text(row.note()));
  }

  /** Keeps a cell on its line and in its column whatever the text holds. */
  private static String text(String value) {
    return value == null ? "" : value.replace('\t', ' ').replace('\n', ' ').replace('\r', ' ');
  }
}
