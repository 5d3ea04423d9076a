package io.quarentena.spark.internal;

import static org.apache.spark.sql.functions.abs;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.date_from_unix_date;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.from_utc_timestamp;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.quarentena.TextTrim;
import java.time.ZoneId;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.ByteType;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DateType;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.DoubleType;
import org.apache.spark.sql.types.FloatType;
import org.apache.spark.sql.types.IntegerType;
import org.apache.spark.sql.types.LongType;
import org.apache.spark.sql.types.NullType;
import org.apache.spark.sql.types.ShortType;
import org.apache.spark.sql.types.StringType;
import org.apache.spark.sql.types.TimestampNTZType;
import org.apache.spark.sql.types.TimestampType;

/**
 * Turns source values of any reasonable type into the standard ones, as columns: ids as text
 * (integer text for numbers), dates as DATE in an explicit zone. Type problems that concern a whole
 * column (an id that is a struct) are errors at plan time; value problems (an id in scientific
 * notation, an unparseable date) become reasons for the row's reject.
 */
public final class ValueColumns {

  /** U+0080, the first character that is not ASCII. */
  private static final String FIRST_NON_ASCII = String.valueOf((char) 0x80);

  /** The largest magnitude below which every whole double is exact. */
  private static final double DOUBLE_EXACT = 9007199254740992.0; // 2^53

  /** The largest magnitude below which every whole float is exact. */
  private static final double FLOAT_EXACT = 16777216.0; // 2^24

  private static final String SCIENTIFIC = "^[+-]?[0-9]+([.][0-9]*)?[eE][+-]?[0-9]+$";

  private ValueColumns() {}

  /**
   * A checked value: the standard value, and a reason it is unusable (null when usable).
   *
   * @param value the standard value
   * @param missing true when there is no value at all
   * @param problem a sentence saying why a present value is unusable, or null
   */
  public record Checked(Column value, Column missing, Column problem) {}

  /**
   * Text trimmed as {@link TextTrim#trim(String)} does: white space and invisible characters (the
   * no-break spaces, the byte order mark, zero width spaces) removed at both ends, as in every
   * engine and loader of the core.
   *
   * <p>Most values have nothing to trim, and Spark's trim with a set of characters is costly on
   * every value: it copies the value once per end and searches the set for each end's character. So
   * it runs only on values whose first or last character may be trimmed. Strings compare as
   * unsigned UTF-8 bytes: a value at least {@code "!"} and below U+0080 (encoded 0xC2 0x80, and
   * 0xC2 is the smallest first byte of a character of several bytes) starts with a character from
   * U+0021 to U+007F, and so for its last character. No such character is trimmed. Empty and null
   * values, and values that start or end with any other character, take the trim.
   *
   * @param c a string column
   * @return the trimmed column
   */
  public static Column trimmed(Column c) {
    Column last = functions.substring(c, -1, 1);
    Column clean =
        c.geq(lit("!"))
            .and(c.lt(lit(FIRST_NON_ASCII)))
            .and(last.geq(lit("!")))
            .and(last.lt(lit(FIRST_NON_ASCII)));
    return when(clean, c).otherwise(functions.trim(c, TextTrim.characters()));
  }

  /**
   * A customer id as text: strings trimmed (and refused in scientific notation), whole numbers as
   * their integer text ({@code 1.23456789E9} becomes {@code 1234567890}).
   *
   * @param c the source column
   * @param type its type
   * @param what the column's name in messages
   * @return the checked id
   * @throws IllegalArgumentException if the type cannot hold an id
   */
  public static Checked customerId(Column c, DataType type, String what) {
    if (type instanceof StringType) {
      Column v = trimmed(c);
      Column missing = v.isNull().or(v.equalTo(lit("")));
      Column problem =
          when(
              // The regular expression only where it can match: an id with no E is never one.
              v.contains("E").or(v.contains("e")).and(v.rlike(SCIENTIFIC)),
              concat(
                  lit(what + " '"),
                  v,
                  lit(
                      "' is a number in scientific notation: its last digits are lost. Export the"
                          + " column as text")));
      return new Checked(v, missing, problem);
    }
    if (isIntegral(type)) {
      return new Checked(c.cast(DataTypes.StringType), c.isNull(), lit(null).cast("string"));
    }
    if (type instanceof DecimalType) {
      Column whole = c.equalTo(floor(c));
      return new Checked(
          when(whole, floor(c).cast(DataTypes.StringType)),
          c.isNull(),
          when(
              not(whole),
              concat(
                  lit(what + " "), c.cast(DataTypes.StringType), lit(" is not a whole number"))));
    }
    if (type instanceof DoubleType || type instanceof FloatType) {
      Column d = c.cast(DataTypes.DoubleType);
      double limit = type instanceof FloatType ? FLOAT_EXACT : DOUBLE_EXACT;
      Column exact = not(isnan(d)).and(abs(d).lt(lit(limit))).and(d.equalTo(floor(d)));
      return new Checked(
          when(exact, d.cast(DataTypes.LongType).cast(DataTypes.StringType)),
          c.isNull(),
          when(
              not(exact),
              concat(
                  lit(what + " "),
                  d.cast(DataTypes.StringType),
                  lit(
                      " is not a whole number that a "
                          + type.simpleString()
                          + " holds exactly; export the column as text"))));
    }
    if (type instanceof NullType) {
      return new Checked(lit(null).cast("string"), lit(true), lit(null).cast("string"));
    }
    throw new IllegalArgumentException(
        what + " has type " + type.simpleString() + "; expected text or a whole number");
  }

  /**
   * A customer id given its source's fixed width: an id of digits only that is shorter gets its
   * leading zeros back, one that is longer is a problem (the row's reject reason), any other id is
   * kept. The width is tested first, so an id of the right length (most of them) costs one length.
   *
   * @param id the checked id, from {@link #customerId}
   * @param width the number of digits
   * @param what the column's name in messages
   * @return the checked id at that width
   */
  public static Checked fixedWidth(Checked id, int width, String what) {
    Column v = id.value();
    Column length = functions.length(v);
    Column digits = v.rlike("^[0-9]+$");
    Column value =
        when(length.equalTo(lit(width)), v)
            .when(length.lt(lit(width)).and(digits), functions.lpad(v, width, "0"))
            .otherwise(v);
    Column tooLong =
        when(
            length.gt(lit(width)).and(digits),
            concat(
                lit(what + " '"),
                v,
                lit("' has "),
                length.cast(DataTypes.StringType),
                lit(
                    " digits, more than the source's id-width of "
                        + width
                        + ": it is not an id of this source's form; check the id or the"
                        + " id-width")));
    return new Checked(value, id.missing(), coalesce(id.problem(), tooLong));
  }

  /**
   * Whether a source column of this type loses the leading zeros of ids: a number has none.
   *
   * @param type the id column's type
   * @return true for integral, decimal and floating-point types
   */
  public static boolean isNumeric(DataType type) {
    return isIntegral(type)
        || type instanceof DecimalType
        || type instanceof DoubleType
        || type instanceof FloatType;
  }

  /**
   * A descriptive value (e-mail, phone, subject, category) as text; whole numbers as integer text,
   * so a phone read as a double from a spreadsheet is not shown as {@code 1.1999E10}.
   *
   * @param c the source column
   * @param type its type
   * @return a string column
   */
  public static Column text(Column c, DataType type) {
    if (type instanceof StringType) {
      return c;
    }
    if (type instanceof DoubleType || type instanceof FloatType) {
      Column d = c.cast(DataTypes.DoubleType);
      Column exact = not(isnan(d)).and(abs(d).lt(lit(DOUBLE_EXACT))).and(d.equalTo(floor(d)));
      return when(exact, d.cast(DataTypes.LongType).cast(DataTypes.StringType))
          .otherwise(c.cast(DataTypes.StringType));
    }
    if (type instanceof DecimalType) {
      return when(c.equalTo(floor(c)), floor(c).cast(DataTypes.StringType))
          .otherwise(c.cast(DataTypes.StringType));
    }
    return c.cast(DataTypes.StringType);
  }

  /**
   * A send id ({@code id_envio}) from a {@link #text} column: trimmed like {@link String#trim()},
   * as {@code ContactEvent} trims it; blank is null (no send id).
   *
   * @param text the value as text
   * @return a string column, null or non-blank
   */
  public static Column sendId(Column text) {
    Column v = trimmed(text);
    return when(v.notEqual(lit("")), v);
  }

  /**
   * A date: DATE as is; TIMESTAMP (an instant) as its calendar day in {@code zone}, independent of
   * the session time zone; TIMESTAMP_NTZ as its date; text and whole numbers parsed with the
   * formats.
   *
   * @param c the source column
   * @param type its type
   * @param formats the source's formats
   * @param zone the zone instants are seen in
   * @param what the column's name in messages
   * @return the checked date; {@code problem} is set when a value matches no format
   * @throws IllegalArgumentException if the type cannot hold a date
   */
  public static Checked date(
      Column c, DataType type, List<String> formats, ZoneId zone, String what) {
    if (type instanceof DateType) {
      return new Checked(c, c.isNull(), lit(null).cast("string"));
    }
    if (type instanceof TimestampType) {
      // from_utc_timestamp shifts the instant so that its UTC wall clock is the zone's; the day
      // number of that is then taken without the session zone.
      Column micros = unix_micros(from_utc_timestamp(c, zone.getId()));
      Column day = floor(micros.divide(lit(86_400_000_000L))).cast(DataTypes.IntegerType);
      return new Checked(date_from_unix_date(day), c.isNull(), lit(null).cast("string"));
    }
    if (type instanceof TimestampNTZType) {
      return new Checked(c.cast(DataTypes.DateType), c.isNull(), lit(null).cast("string"));
    }
    if (type instanceof NullType) {
      return new Checked(lit(null).cast("date"), lit(true), lit(null).cast("string"));
    }
    if (type instanceof StringType || isIntegral(type)) {
      Column text = c.cast(DataTypes.StringType);
      UserDefinedFunction parse =
          functions.udf(new DateParser(formats, zone), DataTypes.IntegerType);
      Column parsed = date_from_unix_date(parse.apply(text));
      Column missing = text.isNull().or(trimmed(text).equalTo(lit("")));
      Column problem =
          when(
              not(missing).and(parsed.isNull()),
              concat(lit(what + " '"), text, lit("' matches none of the date formats " + formats)));
      return new Checked(parsed, missing, problem);
    }
    throw new IllegalArgumentException(
        what
            + " has type "
            + type.simpleString()
            + "; expected a date, a timestamp or text in one of the date formats "
            + formats);
  }

  private static boolean isIntegral(DataType type) {
    return type instanceof ByteType
        || type instanceof ShortType
        || type instanceof IntegerType
        || type instanceof LongType;
  }
}
