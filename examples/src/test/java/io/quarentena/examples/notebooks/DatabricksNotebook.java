package io.quarentena.examples.notebooks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A notebook in Databricks' source format, as the workspace exports and imports it: a header
 * comment, cells separated by {@code COMMAND ----------}, magic cells prefixed with {@code MAGIC}.
 * Only what our notebooks use is understood; anything else is an error, so a notebook cannot drift
 * into a shape the harness silently skips.
 */
record DatabricksNotebook(Path file, Language language, List<Cell> cells) {

  enum Language {
    SCALA("//"),
    SQL("--"),
    PYTHON("#");

    final String comment;

    Language(String comment) {
      this.comment = comment;
    }
  }

  enum Kind {
    CODE,
    MARKDOWN,
    RUN
  }

  /** A cell: its kind, its text without magic prefixes, and its first line number in the file. */
  record Cell(Kind kind, String text, int line) {}

  static DatabricksNotebook read(Path file) {
    String name = file.getFileName().toString();
    Language language =
        name.endsWith(".scala")
            ? Language.SCALA
            : name.endsWith(".sql")
                ? Language.SQL
                : name.endsWith(".py")
                    ? Language.PYTHON
                    : fail(file, 1, "not a .scala, .sql or .py notebook");
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String c = language.comment;
    if (lines.isEmpty() || !lines.get(0).equals(c + " Databricks notebook source")) {
      fail(file, 1, "the first line must be '" + c + " Databricks notebook source'");
    }
    String separator = c + " COMMAND ----------";
    String magic = c + " MAGIC";
    List<Cell> cells = new ArrayList<>();
    List<String> current = new ArrayList<>();
    int start = 2;
    for (int i = 1; i <= lines.size(); i++) {
      boolean end = i == lines.size();
      if (end || lines.get(i).equals(separator)) {
        Cell cell = cell(file, language, current, start, magic);
        if (cell != null) {
          cells.add(cell);
        }
        current = new ArrayList<>();
        start = i + 2;
      } else {
        current.add(lines.get(i));
      }
    }
    return new DatabricksNotebook(file, language, List.copyOf(cells));
  }

  private static Cell cell(
      Path file, Language language, List<String> lines, int line, String magic) {
    String text = String.join("\n", lines).strip();
    if (text.isEmpty()) {
      return null;
    }
    if (!text.startsWith(magic)) {
      for (int i = 0; i < lines.size(); i++) {
        if (lines.get(i).startsWith(magic)) {
          fail(file, line + i, "a MAGIC line in a code cell");
        }
      }
      return new Cell(Kind.CODE, text, line);
    }
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.isBlank()) {
        continue; // the blank lines around a cell separator
      }
      if (!l.startsWith(magic)) {
        fail(file, line + i, "a magic cell must prefix every line with '" + magic + "'");
      }
      body.append(l.substring(magic.length()).replaceFirst("^ ", "")).append('\n');
    }
    String b = body.toString().strip();
    String command = b.split("\\s", 2)[0].toLowerCase(Locale.ROOT);
    return switch (command) {
      case "%md" -> new Cell(Kind.MARKDOWN, b.substring(3).strip(), line);
      case "%run" -> new Cell(Kind.RUN, b.substring(4).strip(), line);
      default -> fail(file, line, "unsupported magic " + command + " (" + language + " notebook)");
    };
  }

  private static <T> T fail(Path file, int line, String problem) {
    throw new IllegalArgumentException(file + ":" + line + ": " + problem);
  }
}
