package io.quarentena;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads a snapshot from a CSV export of the quarantine table, without Spark: for services that
 * cannot embed it. Streaming (one pass, primitive arrays, no object per row); reads only the
 * columns a decision needs ({@code id_cliente, canal, data_envio, saida_prevista, data_carga}), and
 * {@code email, telefone, assunto} only when asked.
 *
 * <p>The input is a file or a directory of part files ({@code *.csv}, {@code *.csv.gz}; names
 * starting with {@code _} or {@code .} are skipped), UTF-8, with a header naming the table's
 * columns in any order. Fields follow RFC 4180: quoted with {@code "}, a quote inside doubled; an
 * empty unquoted field is null, and a null {@code saida_prevista} is open-ended. Dates are {@code
 * yyyy-MM-dd}. Spark writes exactly this with:
 *
 * <pre>{@code
 * spark.read().format("delta").load(table)
 *     .where("data_carga = '2024-05-28'")
 *     .select("id_cliente", "canal", "data_envio", "saida_prevista", "data_carga")
 *     .write().option("header", "true").option("escape", "\"").csv("/exports/quarentena");
 * }</pre>
 *
 * <p>By default the latest {@code data_carga} in the input is loaded and rows of other load dates
 * are skipped; {@link #loadDate(LocalDate)} picks one. A bad row fails the whole load with the
 * file, line, column and value, so {@link Quarantine#refresh} keeps serving the last good snapshot:
 *
 * <pre>{@code
 * QuarantineSnapshotCsv csv = QuarantineSnapshotCsv.reader(QuarantinePolicy.defaults());
 * quarantine.refresh(() -> csv.read(Path.of("/exports/quarentena")));
 * }</pre>
 */
public final class QuarantineSnapshotCsv {

  private static final Logger LOG = LoggerFactory.getLogger(QuarantineSnapshotCsv.class);

  private static final String ID = "id_cliente";
  private static final String CHANNEL = "canal";
  private static final String CONTACT = "data_envio";
  private static final String LAST_DAY = "saida_prevista";
  private static final String LOAD_DATE = "data_carga";
  private static final String EMAIL = "email";
  private static final String PHONE = "telefone";
  private static final String SUBJECT = "assunto";

  private final QuarantinePolicy policy;
  private final @Nullable LocalDate loadDate;
  private final char separator;
  private final boolean contactDetails;

  private QuarantineSnapshotCsv(
      QuarantinePolicy policy, @Nullable LocalDate loadDate, char separator, boolean details) {
    this.policy = policy;
    this.loadDate = loadDate;
    this.separator = separator;
    this.contactDetails = details;
  }

  /**
   * A reader for the latest load date, comma-separated, without contact details.
   *
   * @param policy the policy whose scopes and exemptions the snapshot applies
   * @return the reader (immutable, reusable, thread-safe)
   */
  public static QuarantineSnapshotCsv reader(QuarantinePolicy policy) {
    return new QuarantineSnapshotCsv(Errors.checkNotNull(policy, "policy"), null, ',', false);
  }

  /**
   * Loads the rows of this {@code data_carga} only.
   *
   * @param value the load date
   * @return a new reader
   */
  public QuarantineSnapshotCsv loadDate(LocalDate value) {
    return new QuarantineSnapshotCsv(
        policy, Errors.checkNotNull(value, "loadDate"), separator, contactDetails);
  }

  /**
   * Loads the latest {@code data_carga} found in the input (the default).
   *
   * @return a new reader
   */
  public QuarantineSnapshotCsv latestLoadDate() {
    return new QuarantineSnapshotCsv(policy, null, separator, contactDetails);
  }

  /**
   * The field separator; default {@code ,}.
   *
   * @param value the separator, not {@code "} nor a line break
   * @return a new reader
   */
  public QuarantineSnapshotCsv separator(char value) {
    if (value == '"' || value == '\n' || value == '\r') {
      throw Errors.invalid("separator", value, "a character other than '\"' and line breaks");
    }
    return new QuarantineSnapshotCsv(policy, loadDate, value, contactDetails);
  }

  /**
   * Also keeps {@code email}, {@code telefone} and {@code assunto} (they then appear in {@link
   * QuarantineIndex#entries} and decisions); costs memory per entry that has any.
   *
   * @return a new reader
   */
  public QuarantineSnapshotCsv withContactDetails() {
    return new QuarantineSnapshotCsv(policy, loadDate, separator, true);
  }

  /**
   * Reads a file, or every part file of a directory, into a snapshot.
   *
   * @param path a {@code .csv} / {@code .csv.gz} file or a directory of them
   * @return the snapshot
   * @throws IllegalArgumentException naming the file, line, column and value of a bad row, or what
   *     is missing (a column, any row of the load date)
   * @throws UncheckedIOException if the input cannot be read
   */
  public QuarantineIndex read(Path path) {
    Errors.checkNotNull(path, "path");
    long started = System.nanoTime();
    Load load = new Load();
    for (Path file : files(path)) {
      load.file(file);
    }
    if (load.builder == null) {
      throw new IllegalArgumentException(
          "quarantine export "
              + path
              + " has no rows"
              + (loadDate == null ? "" : " for data_carga " + loadDate)
              + (load.seen.isEmpty() ? "" : "; its load dates are " + load.seen)
              + ". Export the load date wanted, or choose one of those with loadDate(...)."
              + " An empty snapshot would let everyone be contacted, so it is never loaded"
              + " silently.");
    }
    QuarantineIndex index;
    try {
      index = load.builder.build();
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("quarantine export " + path + ": " + e.getMessage(), e);
    }
    LOG.info(
        "Read quarantine snapshot from {}: data_carga {}, {} entries from {} rows ({} rows of other"
            + " load dates skipped) in {} ms",
        path,
        index.loadDate(),
        index.size(),
        load.rows,
        load.skipped,
        (System.nanoTime() - started) / 1_000_000);
    return index;
  }

  private static List<Path> files(Path path) {
    if (!Files.exists(path)) {
      throw new UncheckedIOException(
          "quarantine export " + path + " does not exist; check the path and that the export ran",
          new NoSuchFileException(path.toString()));
    }
    if (!Files.isDirectory(path)) {
      return List.of(path);
    }
    List<Path> files = new ArrayList<>();
    try (Stream<Path> list = Files.list(path)) {
      list.filter(
              p -> {
                String name = p.getFileName().toString();
                return !name.startsWith("_")
                    && !name.startsWith(".")
                    && (name.endsWith(".csv") || name.endsWith(".csv.gz"))
                    && Files.isRegularFile(p);
              })
          .sorted()
          .forEach(files::add);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list quarantine export " + path + ": " + e, e);
    }
    if (files.isEmpty()) {
      throw new IllegalArgumentException(
          "quarantine export directory "
              + path
              + " has no .csv or .csv.gz files; export the table as CSV with a header (see the"
              + " QuarantineSnapshotCsv Javadoc)");
    }
    return files;
  }

  /** The state of one load across part files. */
  private final class Load {
    QuarantineIndex.@Nullable Builder builder;
    @Nullable LocalDate current = loadDate;
    final Set<LocalDate> seen = new TreeSet<>();
    final Map<String, Channel> channels = new HashMap<>();
    long rows;
    long skipped;
    long accepted;

    void file(Path file) {
      try (InputStream raw = Files.newInputStream(file);
          InputStream in =
              file.toString().endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
          Reader reader =
              new InputStreamReader(
                  in,
                  StandardCharsets.UTF_8
                      .newDecoder()
                      .onMalformedInput(CodingErrorAction.REPORT)
                      .onUnmappableCharacter(CodingErrorAction.REPORT));
          CsvRecords records = new CsvRecords(reader, separator)) {
        read(file, records);
      } catch (CsvRecords.MalformedException e) {
        throw new IllegalArgumentException("quarantine export " + file + ", " + e.getMessage(), e);
      } catch (CharacterCodingException e) {
        throw new IllegalArgumentException(
            "quarantine export " + file + " is not UTF-8 (" + e + "); export it as UTF-8", e);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read quarantine export " + file + ": " + e, e);
      }
    }

    private void read(Path file, CsvRecords records) throws IOException {
      if (!records.next()) {
        throw new IllegalArgumentException(
            "quarantine export "
                + file
                + " is empty; it needs a header line naming the table's columns");
      }
      int width = records.size();
      Map<String, Integer> header = new HashMap<>();
      for (int i = 0; i < width; i++) {
        header.putIfAbsent(records.field(i).trim().toLowerCase(Locale.ROOT), i);
      }
      int id = column(file, header, ID);
      int channel = column(file, header, CHANNEL);
      int contact = column(file, header, CONTACT);
      int lastDay = column(file, header, LAST_DAY);
      int load = column(file, header, LOAD_DATE);
      int email = contactDetails ? column(file, header, EMAIL) : -1;
      int phone = contactDetails ? column(file, header, PHONE) : -1;
      int subject = contactDetails ? column(file, header, SUBJECT) : -1;
      while (records.next()) {
        rows++;
        if (records.size() != width) {
          throw new IllegalArgumentException(
              "quarantine export "
                  + file
                  + ", line "
                  + records.line()
                  + ": "
                  + records.size()
                  + " fields, the header has "
                  + width
                  + "; quote fields that contain '"
                  + separator
                  + "' or line breaks");
        }
        LocalDate rowLoad;
        try {
          rowLoad = date(records, load, LOAD_DATE, false);
        } catch (IllegalArgumentException e) {
          throw located(file, records, e);
        }
        if (seen.size() < 100) {
          seen.add(rowLoad);
        }
        if (current != null && !rowLoad.equals(current)) {
          if (loadDate != null || rowLoad.isBefore(current)) {
            skipped++;
            continue;
          }
          skipped += accepted;
          accepted = 0;
          builder = null; // a later load date: what was read so far is not the latest
        }
        if (builder == null) {
          current = rowLoad;
          builder = QuarantineIndex.builder(policy, rowLoad);
        }
        String customer = records.field(id);
        try {
          Channel c = channel(records.field(channel));
          LocalDate sent = date(records, contact, CONTACT, false);
          LocalDate last = date(records, lastDay, LAST_DAY, true);
          if (contactDetails) {
            builder.add(
                new QuarantineEntry(
                    customer,
                    c,
                    sent,
                    QuarantineEntry.daysBetween(sent, rowLoad),
                    last,
                    rowLoad,
                    text(records, email),
                    text(records, phone),
                    text(records, subject)));
          } else {
            builder.add(customer, c, sent, last);
          }
          accepted++;
        } catch (IllegalArgumentException e) {
          throw located(file, records, e);
        }
      }
    }

    private Channel channel(String id) {
      Channel c = channels.get(id);
      if (c == null) {
        c = Channel.of(id);
        channels.put(id, c);
      }
      return c;
    }
  }

  private static IllegalArgumentException located(
      Path file, CsvRecords records, IllegalArgumentException e) {
    String message = e.getMessage();
    return new IllegalArgumentException(
        "quarantine export "
            + file
            + ", line "
            + records.line()
            + (message.startsWith("column ") ? ", " : ": ")
            + message,
        e);
  }

  private static @Nullable String text(CsvRecords records, int field) {
    return records.isNull(field) ? null : records.field(field);
  }

  private static int column(Path file, Map<String, Integer> header, String name) {
    Integer i = header.get(name);
    if (i == null) {
      throw new IllegalArgumentException(
          "quarantine export "
              + file
              + " has no column '"
              + name
              + "'; its header is "
              + new TreeSet<>(header.keySet())
              + ". Export the table's columns with a header line (id_cliente, canal, data_envio,"
              + " saida_prevista, data_carga)");
    }
    return i;
  }

  /** A {@code yyyy-MM-dd} date; empty is null where allowed. */
  private static @Nullable LocalDate date(
      CsvRecords records, int field, String column, boolean nullable) {
    int n = records.fieldLength(field);
    if (n == 0) {
      if (nullable) {
        return null;
      }
      throw new IllegalArgumentException("column " + column + ": empty, but it is required");
    }
    if (n == 10 && records.charAt(field, 4) == '-' && records.charAt(field, 7) == '-') {
      int year = digits(records, field, 0, 4);
      int month = digits(records, field, 5, 2);
      int day = digits(records, field, 8, 2);
      if (year >= 0 && month >= 0 && day >= 0) {
        try {
          return LocalDate.of(year, month, day);
        } catch (DateTimeException e) {
          // reported below
        }
      }
    }
    throw new IllegalArgumentException(
        "column "
            + column
            + ": '"
            + records.field(field)
            + "' is not a date; expected yyyy-MM-dd, as Spark writes DATE columns");
  }

  private static int digits(CsvRecords records, int field, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      char c = records.charAt(field, i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }
}
