package io.quarentena.job;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import io.quarentena.Channel;
import io.quarentena.LoadDates;
import io.quarentena.QuarantinePolicy;
import io.quarentena.job.JobConfig.Pii;
import io.quarentena.job.JobConfig.PiiMode;
import io.quarentena.job.JobConfig.Source;
import io.quarentena.job.internal.SendLogSource;
import io.quarentena.spark.QuarantineTable;
import io.quarentena.spark.SourceReaders;
import io.quarentena.spark.SourceSpec;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parser of the job's configuration file (HOCON) into a {@link JobConfig}; every key is
 * documented in {@code docs/configuration.md}. Unknown keys are errors that name the key and the
 * allowed ones: a typo never silently falls back to a default.
 *
 * <pre>{@code
 * JobConfig config = JobFile.load(Path.of("job.conf"));
 * JobConfig inline = JobFile.parse("quarentena { output = \"/tmp/q\", ... }", "inline");
 * }</pre>
 */
public final class JobFile {

  /** The root key. */
  public static final String ROOT = "quarentena";

  private static final Set<String> ROOT_KEYS =
      Set.of(
          "zone",
          "output",
          "rejects",
          "runs",
          "staging-dir",
          "policy",
          "sources",
          "guards",
          "retention",
          "pii");
  private static final Set<String> GUARD_KEYS = Set.of("max-drop");
  private static final Set<String> RETENTION_KEYS = Set.of("days");
  private static final Set<String> PII_KEYS = Set.of("email", "telefone", "hash-key");
  private static final Set<String> TABLE_KEYS = Set.of("table");
  private static final Set<String> SOURCE_KEYS =
      Set.of(
          "channel",
          "channel-column",
          "format",
          "location",
          "options",
          "connection",
          "mapping",
          "constants",
          "date-formats",
          "filter",
          "zone",
          "id-width",
          "on-unavailable");

  /**
   * Parses a configuration.
   *
   * @param config the parsed and resolved HOCON
   * @param origin where it came from, for messages
   * @return the configuration
   * @throws IllegalArgumentException naming the key and what is allowed
   */
  public static JobConfig from(Config config, String origin) {
    try {
      return parse(config, origin);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
    }
  }

  /**
   * Parses a configuration from text.
   *
   * @param hocon the file's text
   * @param origin where it came from, for messages
   * @return the configuration
   */
  public static JobConfig parse(String hocon, String origin) {
    Config config;
    try {
      config = ConfigFactory.parseString(hocon).resolve();
    } catch (ConfigException e) {
      throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
    }
    return from(config, origin);
  }

  /**
   * Parses a configuration file; includes are relative to it, {@code ${?ENV}} substitutions read
   * the environment. JVM system properties are not read: a stray {@code -Dquarentena.x} must never
   * change a run.
   *
   * @param file the file
   * @return the configuration
   */
  public static JobConfig load(Path file) {
    Config config;
    try {
      config =
          ConfigFactory.parseFile(
                  file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
              .resolve();
    } catch (ConfigException e) {
      throw new IllegalArgumentException("config file " + file + ": " + e.getMessage(), e);
    }
    return from(config, "config file " + file);
  }

  /**
   * Parses a candidate policy file for the simulation ({@code --simulate}): {@code quarentena {
   * policy { ... } }}, the keys of the job file's policy section and nothing else, so that the
   * candidate is read exactly as the job reads its own policy. An empty {@code policy} block is the
   * default policy, as in the job file.
   *
   * @param hocon the file's text
   * @param origin where it came from, for messages
   * @return the candidate policy
   * @throws IllegalArgumentException naming the key, for another key or a bad rule
   */
  static QuarantinePolicy candidatePolicy(String hocon, String origin) {
    try {
      Config root = ConfigFactory.parseString(hocon).resolve();
      if (!root.hasPath(ROOT + ".policy")) {
        throw new IllegalArgumentException(
            "no '"
                + ROOT
                + ".policy { ... }'; a candidate policy file holds the policy section of a job"
                + " file, for example quarentena { policy { rule.Marketing.days = 5 } }");
      }
      Config c = root.getConfig(ROOT);
      checkKeys(c, ROOT, Set.of("policy"));
      return policy(c);
    } catch (ConfigException | IllegalArgumentException e) {
      throw new IllegalArgumentException(origin + ": " + e.getMessage(), e);
    }
  }

  private static JobConfig parse(Config root, String origin) {
    if (!root.hasPath(ROOT)) {
      throw new IllegalArgumentException(
          "no '"
              + ROOT
              + " { ... }' object; the file must hold quarentena { output, rejects, sources, ... }."
              + " See docs/configuration.md");
    }
    Config c = root.getConfig(ROOT);
    checkKeys(c, ROOT, ROOT_KEYS);
    ZoneId zone =
        c.hasPath("zone") ? zone(c.getString("zone"), ROOT + ".zone") : LoadDates.DEFAULT_ZONE;
    String output = table(c, "output");
    String rejects = table(c, "rejects");
    Path staging =
        c.hasPath("staging-dir")
            ? Paths.get(c.getString("staging-dir"))
            : Paths.get(System.getProperty("java.io.tmpdir"), "quarentena-staging");
    QuarantinePolicy policy = policy(c);
    if (!c.hasPath("sources") || c.getObject("sources").isEmpty()) {
      throw new IllegalArgumentException(
          "'"
              + ROOT
              + ".sources' is required: one object per source, for example sources { crm {"
              + " channel = CRM, format = xlsx, location = \"/Volumes/.../crm.xlsx\" } }");
    }
    ConfigObject sourcesObject = c.getObject("sources");
    List<Source> sources = new ArrayList<>();
    for (String name : new TreeSet<>(sourcesObject.keySet())) {
      String key = ROOT + ".sources." + ConfigUtil.quoteString(name);
      ConfigValue value = sourcesObject.get(name);
      if (value.valueType() != ConfigValueType.OBJECT) {
        throw new IllegalArgumentException(
            "'" + key + "' must be an object { channel, format, location, ... }");
      }
      sources.add(source(name, ((ConfigObject) value).toConfig(), key));
    }
    String runs =
        c.hasPath("runs") ? table(c, "runs") : output + (output.endsWith("/") ? "runs" : "_runs");
    checkDistinct(output, rejects, runs, c.hasPath("runs"));
    double maxDrop = 0.5;
    if (c.hasPath("guards")) {
      Config g = c.getConfig("guards");
      checkKeys(g, ROOT + ".guards", GUARD_KEYS);
      if (g.hasPath("max-drop")) {
        maxDrop = share(g, "max-drop", ROOT + ".guards.max-drop");
      }
    }
    Integer retention = null;
    if (c.hasPath("retention")) {
      Config r = c.getConfig("retention");
      checkKeys(r, ROOT + ".retention", RETENTION_KEYS);
      if (r.hasPath("days")) {
        retention = r.getInt("days");
        if (retention < 1) {
          throw new IllegalArgumentException(
              "'" + ROOT + ".retention.days' is " + retention + "; it must be at least 1");
        }
      }
    }
    Pii pii = Pii.KEEP;
    if (c.hasPath("pii")) {
      Config p = c.getConfig("pii");
      checkKeys(p, ROOT + ".pii", PII_KEYS);
      pii =
          new Pii(
              piiMode(p, "email"),
              piiMode(p, "telefone"),
              p.hasPath("hash-key") ? p.getString("hash-key").strip() : null);
      if ((pii.email() == PiiMode.HASH || pii.telefone() == PiiMode.HASH)
          && pii.hashKey() == null) {
        throw new IllegalArgumentException(
            "'"
                + ROOT
                + ".pii.hash-key' is required to hash: a secret reference such as"
                + " \"databricks:quarentena/pii-key\" or \"env:QUARENTENA_PII_KEY\"");
      }
    }
    return new JobConfig(
        origin,
        zone,
        output,
        rejects,
        staging,
        policy,
        List.copyOf(sources),
        runs,
        maxDrop,
        retention,
        pii);
  }

  /**
   * Refuses two of the job's tables at one place: each write replaces a load date of its table, so
   * the rejects written to the quarantine table would replace its load (or fail on its schema after
   * the other was written). Names are compared without backticks and case, as the catalog does;
   * paths with their {@code file:} scheme, {@code .} and {@code ..} segments and trailing slashes
   * resolved.
   */
  private static void checkDistinct(String output, String rejects, String runs, boolean runsSet) {
    Map<String, String> tables = new LinkedHashMap<>();
    tables.put("'" + ROOT + ".output.table'", output);
    tables.put("'" + ROOT + ".rejects.table'", rejects);
    tables.put(
        runsSet ? "'" + ROOT + ".runs.table'" : "'" + ROOT + ".runs.table' (<output.table>_runs)",
        runs);
    List<Map.Entry<String, String>> list = new ArrayList<>(tables.entrySet());
    for (int i = 0; i < list.size(); i++) {
      for (int j = 0; j < i; j++) {
        if (sameTable(list.get(i).getValue(), list.get(j).getValue())) {
          throw new IllegalArgumentException(
              list.get(i).getKey()
                  + " and "
                  + list.get(j).getKey()
                  + " are the same table ("
                  + list.get(i).getValue()
                  + " and "
                  + list.get(j).getValue()
                  + "): each holds its own rows and schema, and writing one would replace the"
                  + " other's load dates. Give each its own table");
        }
      }
    }
  }

  /**
   * Whether two locations name one table.
   *
   * @param a a table name or path
   * @param b another
   * @return true when they are equal once normalized
   */
  static boolean sameTable(String a, String b) {
    return normalizedTable(a).equals(normalizedTable(b));
  }

  private static final Pattern SCHEME = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]+):(.*)$");

  private static String normalizedTable(String nameOrPath) {
    String v = nameOrPath.strip();
    if (!QuarantineTable.isPath(v)) {
      List<String> parts = new ArrayList<>();
      for (String part : v.split("\\.", -1)) {
        parts.add(part.replace("`", "").strip().toLowerCase(Locale.ROOT));
      }
      return "name " + String.join(".", parts);
    }
    String path = v.replace('\\', '/');
    Matcher scheme = SCHEME.matcher(path); // two letters at least: C:/ is a Windows path
    if (scheme.matches()) {
      String name = scheme.group(1).toLowerCase(Locale.ROOT);
      String rest = scheme.group(2);
      String authority = "";
      if (rest.startsWith("//")) {
        int slash = rest.indexOf('/', 2);
        authority = (slash < 0 ? rest.substring(2) : rest.substring(2, slash));
        rest = slash < 0 ? "" : rest.substring(slash);
      }
      if (!name.equals("file") || !authority.isEmpty()) {
        return "path " + name + "://" + authority.toLowerCase(Locale.ROOT) + segments(rest);
      }
      path = rest; // file:/x and file:///x are the local path /x
    }
    try {
      path = Paths.get(path).toAbsolutePath().toString().replace('\\', '/');
    } catch (InvalidPathException e) {
      // compared as written
    }
    return "path " + segments(path);
  }

  /** A path's segments, without empty or {@code .} ones, {@code ..} resolved. */
  private static String segments(String path) {
    Deque<String> out = new ArrayDeque<>();
    for (String segment : path.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        out.pollLast();
      } else {
        out.addLast(segment);
      }
    }
    return "/" + String.join("/", out);
  }

  private static double share(Config c, String path, String key) {
    double v;
    try {
      v = c.getDouble(path);
    } catch (ConfigException e) {
      throw new IllegalArgumentException(
          "'"
              + key
              + "' must be a share between 0 and 1 (0.5 = half), got "
              + c.getValue(path).render(),
          e);
    }
    if (v < 0 || v > 1) {
      throw new IllegalArgumentException(
          "'"
              + key
              + "' is "
              + v
              + "; it must be between 0 and 1 (0.5 = half; 1 turns the guard off)");
    }
    return v;
  }

  private static int idWidth(Config s, String key) {
    try {
      return s.getInt("id-width");
    } catch (ConfigException e) {
      throw new IllegalArgumentException(
          "'"
              + key
              + "' must be a whole number of digits, 1 to "
              + SourceSpec.MAX_ID_WIDTH
              + " (for example 11 for a CPF), got "
              + s.getValue("id-width").render(),
          e);
    }
  }

  private static PiiMode piiMode(Config p, String column) {
    if (!p.hasPath(column)) {
      return PiiMode.KEEP;
    }
    String v = p.getString(column).strip();
    try {
      return PiiMode.valueOf(v.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "'" + ROOT + ".pii." + column + "' is '" + v + "'; allowed: keep, hash, drop", e);
    }
  }

  private static String table(Config c, String section) {
    String key = ROOT + "." + section + ".table";
    if (!c.hasPath(section)) {
      throw new IllegalArgumentException(
          "'"
              + key
              + "' is required: a table name (catalog.schema.table) or a path, for example "
              + section
              + " { table = \"main.crm.quarentena_"
              + (section.equals("output")
                  ? "global"
                  : section.equals("runs") ? "execucoes" : "rejeitados")
              + "\" }");
    }
    Config t = c.getConfig(section);
    checkKeys(t, ROOT + "." + section, TABLE_KEYS);
    String value = t.hasPath("table") ? t.getString("table").strip() : "";
    if (value.isEmpty()) {
      throw new IllegalArgumentException("'" + key + "' is required and must not be blank");
    }
    return value;
  }

  private static QuarantinePolicy policy(Config c) {
    if (!c.hasPath("policy")) {
      return QuarantinePolicy.defaults();
    }
    Map<String, String> properties = new TreeMap<>();
    for (Map.Entry<String, ConfigValue> e : c.getConfig("policy").entrySet()) {
      properties.put(
          String.join(".", ConfigUtil.splitPath(e.getKey())),
          text(e.getValue(), ROOT + ".policy." + e.getKey()));
    }
    try {
      return QuarantinePolicy.fromProperties(properties);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "in '"
              + ROOT
              + ".policy' (the keys of QuarantinePolicy.fromProperties): "
              + e.getMessage(),
          e);
    }
  }

  private static Source source(String name, Config s, String key) {
    checkKeys(s, key, SOURCE_KEYS);
    boolean fixed = s.hasPath("channel");
    boolean column = s.hasPath("channel-column");
    boolean sendLog =
        s.hasPath("format") && s.getString("format").strip().equalsIgnoreCase(SendLogSource.FORMAT);
    if (sendLog && (fixed || column)) {
      throw new IllegalArgumentException(
          "'"
              + key
              + "' is a send log (format kafka): each record names its channel (canal), so it"
              + " takes neither 'channel' nor 'channel-column'");
    }
    if (!sendLog && fixed == column) {
      throw new IllegalArgumentException(
          "'"
              + key
              + "' needs exactly one of 'channel' (every row's channel, for example CRM) or"
              + " 'channel-column' (the column holding each row's channel)");
    }
    SourceSpec.Builder spec;
    try {
      spec =
          fixed
              ? SourceSpec.forChannel(name, Channel.of(s.getString("channel").strip()))
              : SourceSpec.forChannelColumn(
                  name, sendLog ? SendLogSource.CHANNEL_COLUMN : s.getString("channel-column"));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + key + ".channel': " + e.getMessage(), e);
    }
    if (!s.hasPath("format")) {
      throw new IllegalArgumentException(
          "'" + key + ".format' is required; allowed: " + String.join(", ", JobConfig.FORMATS));
    }
    String format = s.getString("format").strip().toLowerCase(Locale.ROOT);
    if (!JobConfig.FORMATS.contains(format)) {
      throw new IllegalArgumentException(
          "'"
              + key
              + ".format' is '"
              + s.getString("format")
              + "'; allowed: "
              + String.join(", ", JobConfig.FORMATS));
    }
    if (!s.hasPath("location") || s.getString("location").isBlank()) {
      throw new IllegalArgumentException(
          "'"
              + key
              + ".location' is required: a path, a URL (sftp://, sharepoint://, s3a://) or, for"
              + " format table or delta, a table name");
    }
    String location = s.getString("location").strip();
    if (holdsPassword(location)) {
      throw new IllegalArgumentException(
          "'"
              + key
              + ".location' holds a password (user:password@host). Written into the job file it"
              + " would reach the logs, the error messages and the runs table. Remove it from the"
              + " location and give it as a secret reference: 'password' in the source's"
              + " connection options for sftp:// (for example password ="
              + " \"databricks:scope/key\"), the S3 settings for s3a://.");
    }
    Integer idWidth = s.hasPath("id-width") ? idWidth(s, key + ".id-width") : null;
    try {
      for (Map.Entry<String, String> m : map(s, "mapping", key).entrySet()) {
        spec.map(m.getKey(), m.getValue());
      }
      for (Map.Entry<String, String> m : map(s, "constants", key).entrySet()) {
        spec.constant(m.getKey(), m.getValue());
      }
      if (s.hasPath("date-formats")) {
        spec.dateFormats(list(s.getValue("date-formats"), key + ".date-formats"));
      }
      if (s.hasPath("filter")) {
        spec.filter(s.getString("filter"));
      }
      if (s.hasPath("zone")) {
        spec.zone(zone(s.getString("zone"), key + ".zone"));
      }
      if (idWidth != null) {
        spec.idWidth(idWidth);
      }
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("'" + key + "': " + e.getMessage(), e);
    }
    boolean carryForward = false;
    if (s.hasPath("on-unavailable")) {
      String v = s.getString("on-unavailable").strip();
      if (!v.equals("fail") && !v.equals("carry-forward")) {
        throw new IllegalArgumentException(
            "'"
                + key
                + ".on-unavailable' is '"
                + v
                + "'; allowed: fail (the default), carry-forward");
      }
      carryForward = v.equals("carry-forward");
    }
    Map<String, String> options = map(s, "options", key);
    if (sendLog) {
      SendLogSource.checkOptions(options, k -> "'" + key + ".options." + k + "'");
    } else {
      SourceReaders.checkOptions(format, options, k -> "'" + key + ".options." + k + "'");
    }
    return new Source(
        spec.build(), format, location, options, map(s, "connection", key), carryForward);
  }

  private static Map<String, String> map(Config s, String section, String key) {
    Map<String, String> out = new LinkedHashMap<>();
    if (!s.hasPath(section)) {
      return out;
    }
    ConfigValue value = s.getValue(section);
    if (value.valueType() != ConfigValueType.OBJECT) {
      throw new IllegalArgumentException(
          "'" + key + "." + section + "' must be an object of keys and values");
    }
    for (Map.Entry<String, ConfigValue> e : s.getConfig(section).entrySet()) {
      out.put(
          String.join(".", ConfigUtil.splitPath(e.getKey())),
          text(e.getValue(), key + "." + section + "." + e.getKey()));
    }
    return out;
  }

  private static List<String> list(ConfigValue value, String key) {
    if (value.valueType() == ConfigValueType.LIST) {
      List<String> out = new ArrayList<>();
      for (ConfigValue v : (ConfigList) value) {
        out.add(text(v, key));
      }
      return out;
    }
    return List.of(text(value, key));
  }

  /** A scalar as text; a list as comma-separated text (policy scopes, exempt categories). */
  private static String text(ConfigValue value, String key) {
    switch (value.valueType()) {
      case STRING:
      case NUMBER:
      case BOOLEAN:
        return String.valueOf(value.unwrapped());
      case LIST:
        List<String> parts = new ArrayList<>();
        for (ConfigValue v : (ConfigList) value) {
          parts.add(text(v, key));
        }
        return String.join(",", parts);
      default:
        throw new IllegalArgumentException(
            "'" + key + "' must be a value or a list of values, not " + value.valueType());
    }
  }

  private static ZoneId zone(String id, String key) {
    try {
      return ZoneId.of(id.strip());
    } catch (DateTimeException e) {
      throw new IllegalArgumentException(
          "'"
              + key
              + "' is '"
              + id
              + "', not a time zone; use a region id such as America/Sao_Paulo",
          e);
    }
  }

  private static void checkKeys(Config c, String path, Set<String> allowed) {
    for (String k : c.root().keySet()) {
      if (!allowed.contains(k)) {
        throw new IllegalArgumentException(
            "unknown key '"
                + path
                + "."
                + k
                + "'; allowed: "
                + String.join(", ", new TreeSet<>(allowed)));
      }
    }
  }

  /**
   * Whether a location is a URL with a password in its user information ({@code
   * scheme://user:password@host/...}). Never echoes the location: it holds a secret.
   *
   * @param location a path, URL or table name
   * @return true when a password is written into it
   */
  static boolean holdsPassword(String location) {
    int scheme = location.indexOf("://");
    if (scheme < 0) {
      return false;
    }
    int hostStart = scheme + 3;
    int slash = location.indexOf('/', hostStart);
    String authority = location.substring(hostStart, slash < 0 ? location.length() : slash);
    int at = authority.lastIndexOf('@');
    return at > 0 && authority.substring(0, at).contains(":");
  }

  private JobFile() {}
}
