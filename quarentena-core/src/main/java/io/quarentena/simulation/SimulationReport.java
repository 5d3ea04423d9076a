package io.quarentena.simulation;

import java.util.List;
import java.util.Locale;

/**
 * Renders a {@link SimulationResult} as one self-contained HTML page: the rule differences, the
 * per-channel table, a line chart (inline SVG, one line per policy) of the customers blocked over
 * the forecast horizon, and the customers whose decision moves. No script, no stylesheet or font
 * from the network: the file can be mailed or opened offline. Every text from the result is
 * escaped.
 *
 * <pre>{@code
 * Files.writeString(Path.of("simulation.html"), SimulationReport.html(result));
 * }</pre>
 */
public final class SimulationReport {

  /**
   * How many changed customers the page lists; the full list is {@link
   * SimulationResult#customers()}.
   */
  public static final int MAX_CUSTOMER_ROWS = 200;

  private static final int WIDTH = 720;
  private static final int HEIGHT = 300;
  private static final int LEFT = 60;
  private static final int RIGHT = 44; // room for half of the last date label
  private static final int TOP = 20;
  private static final int BOTTOM = 40;
  private static final String CURRENT_COLOUR = "#1f77b4";
  private static final String CANDIDATE_COLOUR = "#d62728";

  private SimulationReport() {}

  /**
   * The report page.
   *
   * @param result the simulation
   * @return the HTML document, UTF-8 text
   */
  public static String html(SimulationResult result) {
    StringBuilder sb = new StringBuilder(16_384);
    String title =
        "Simulation: '"
            + result.candidatePolicy()
            + "' instead of '"
            + result.currentPolicy()
            + "' on "
            + result.loadDate();
    sb.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>")
        .append(escape(title))
        .append("</title>\n<style>\n")
        .append("body{font-family:sans-serif;margin:2em;color:#222}")
        .append("table{border-collapse:collapse;margin:1em 0}")
        .append("th,td{border:1px solid #ccc;padding:4px 8px;text-align:right}")
        .append("th:first-child,td:first-child{text-align:left}")
        .append(".note{color:#555;font-size:90%}\n")
        .append("</style>\n</head>\n<body>\n<h1>")
        .append(escape(title))
        .append("</h1>\n");

    sb.append("<h2>Rule differences</h2>\n");
    if (result.ruleDifferences().isEmpty()) {
      sb.append("<p>The rules are the same.</p>\n");
    } else {
      sb.append("<ul>\n");
      for (String d : result.ruleDifferences()) {
        sb.append("<li>").append(escape(d)).append("</li>\n");
      }
      sb.append("</ul>\n");
    }

    sb.append("<h2>Per channel on the load date</h2>\n<table>\n<tr><th>Channel</th><th>Entries, ")
        .append(escape(result.currentPolicy()))
        .append("</th><th>Entries, ")
        .append(escape(result.candidatePolicy()))
        .append("</th><th>Released</th><th>Newly held</th>")
        .append("<th>Last day earlier</th><th>Last day later</th></tr>\n");
    for (ChannelSummary c : result.channels()) {
      sb.append("<tr><td>").append(escape(c.channel().id())).append("</td>");
      for (long n :
          new long[] {
            c.currentEntries(),
            c.candidateEntries(),
            c.released(),
            c.newlyHeld(),
            c.lastDayEarlier(),
            c.lastDayLater()
          }) {
        sb.append("<td>").append(n).append("</td>");
      }
      sb.append("</tr>\n");
    }
    sb.append("</table>\n");

    sb.append("<h2>Customers blocked over the next ")
        .append(result.horizonDays())
        .append(" days</h2>\n");
    chart(sb, result);
    sb.append("<p class=\"note\">All channels together (a customer blocked on two channels counts")
        .append(" twice). The forecast assumes no new contact after the load date: it follows")
        .append(" the load date's entries to their last days, so once campaigns go on sending")
        .append(" more customers will be blocked, and fewer contactable, than it shows.</p>\n");

    List<CustomerChange> changed = result.changedCustomers();
    sb.append("<h2>Customers whose decision moves (").append(changed.size()).append(")</h2>\n");
    if (changed.size() > MAX_CUSTOMER_ROWS) {
      sb.append("<p class=\"note\">The first ")
          .append(MAX_CUSTOMER_ROWS)
          .append(" are listed.</p>\n");
    }
    if (!changed.isEmpty()) {
      sb.append("<table>\n<tr><th>Customer</th><th>Channel</th><th>Change</th><th>")
          .append(escape(result.currentPolicy()))
          .append("</th><th>")
          .append(escape(result.candidatePolicy()))
          .append("</th></tr>\n");
      for (CustomerChange c : changed.subList(0, Math.min(MAX_CUSTOMER_ROWS, changed.size()))) {
        sb.append("<tr><td>")
            .append(escape(c.customerId()))
            .append("</td><td>")
            .append(escape(c.channel().id()))
            .append("</td><td>")
            .append(escape(c.change().name().toLowerCase(Locale.ROOT).replace('_', ' ')))
            .append("</td><td title=\"")
            .append(escape(String.valueOf(c.current().rule())))
            .append("\">")
            .append(escape(c.current().describe()))
            .append("</td><td title=\"")
            .append(escape(String.valueOf(c.candidate().rule())))
            .append("\">")
            .append(escape(c.candidate().describe()))
            .append("</td></tr>\n");
      }
      sb.append("</table>\n");
    }
    sb.append("</body>\n</html>\n");
    return sb.toString();
  }

  private static void chart(StringBuilder sb, SimulationResult result) {
    int days = result.horizonDays();
    long[] current = new long[days + 1];
    long[] candidate = new long[days + 1];
    for (ForecastDay f : result.forecast()) {
      current[f.day()] += f.current();
      candidate[f.day()] += f.candidate();
    }
    long highest = 1;
    for (int k = 0; k <= days; k++) {
      highest = Math.max(highest, Math.max(current[k], candidate[k]));
    }
    long max = niceCeiling(highest);
    int plotW = WIDTH - LEFT - RIGHT;
    int plotH = HEIGHT - TOP - BOTTOM;
    sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(HEIGHT + 30)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(HEIGHT + 30)
        .append("\" role=\"img\" aria-label=\"forecast of customers blocked per day\">\n");
    sb.append("<rect x=\"0\" y=\"0\" width=\"100%\" height=\"100%\" fill=\"#ffffff\"/>\n");
    // axes
    sb.append(line(LEFT, TOP, LEFT, TOP + plotH))
        .append(line(LEFT, TOP + plotH, LEFT + plotW, TOP + plotH));
    for (int i = 0; i <= 4; i++) {
      long value = Math.round(max * i / 4.0);
      double y = TOP + plotH - plotH * (double) value / max;
      sb.append(text(LEFT - 6, y + 4, "end", Long.toString(value)));
    }
    int step = Math.max(1, days / 6);
    for (int k = 0; k <= days; k += step) {
      double x = LEFT + (days == 0 ? 0 : plotW * (double) k / days);
      sb.append(text(x, TOP + plotH + 16, "middle", result.loadDate().plusDays(k).toString()));
    }
    polyline(sb, current, max, days, plotW, plotH, CURRENT_COLOUR, result.currentPolicy());
    polyline(sb, candidate, max, days, plotW, plotH, CANDIDATE_COLOUR, result.candidatePolicy());
    // legend
    int ly = HEIGHT + 10;
    sb.append("<rect x=\"")
        .append(LEFT)
        .append("\" y=\"")
        .append(ly)
        .append("\" width=\"12\" height=\"12\" fill=\"")
        .append(CURRENT_COLOUR)
        .append("\"/>\n")
        .append(text(LEFT + 18, ly + 11, "start", "current: " + result.currentPolicy()))
        .append("<rect x=\"")
        .append(LEFT + 300)
        .append("\" y=\"")
        .append(ly)
        .append("\" width=\"12\" height=\"12\" fill=\"")
        .append(CANDIDATE_COLOUR)
        .append("\"/>\n")
        .append(text(LEFT + 318, ly + 11, "start", "candidate: " + result.candidatePolicy()));
    sb.append("</svg>\n");
  }

  private static void polyline(
      StringBuilder sb,
      long[] values,
      long max,
      int days,
      int plotW,
      int plotH,
      String colour,
      String policy) {
    sb.append("<polyline fill=\"none\" stroke=\"")
        .append(colour)
        .append("\" stroke-width=\"2\" points=\"");
    for (int k = 0; k <= days; k++) {
      double x = LEFT + (days == 0 ? 0 : plotW * (double) k / days);
      double y = TOP + plotH - plotH * (double) values[k] / max;
      if (k > 0) {
        sb.append(' ');
      }
      sb.append(num(x)).append(',').append(num(y));
    }
    if (days == 0) {
      sb.append(' ')
          .append(num(LEFT + plotW))
          .append(',')
          .append(num(TOP + plotH - plotH * (double) values[0] / max));
    }
    sb.append("\"><title>").append(escape(policy)).append("</title></polyline>\n");
  }

  /** The smallest of 4, 8, 10, 20, 40, 100, ... (1, 2, 2.5, 5 × 10ⁿ, times 4) not below n. */
  static long niceCeiling(long n) {
    long unit = 1;
    while (true) {
      for (long m : new long[] {4, 8, 10, 20}) {
        if (m * unit >= n) {
          return m * unit;
        }
      }
      unit *= 10;
    }
  }

  private static String line(double x1, double y1, double x2, double y2) {
    return "<line x1=\""
        + num(x1)
        + "\" y1=\""
        + num(y1)
        + "\" x2=\""
        + num(x2)
        + "\" y2=\""
        + num(y2)
        + "\" stroke=\"#888\"/>\n";
  }

  private static String text(double x, double y, String anchor, String value) {
    return "<text x=\""
        + num(x)
        + "\" y=\""
        + num(y)
        + "\" font-size=\"11\" text-anchor=\""
        + anchor
        + "\">"
        + escape(value)
        + "</text>\n";
  }

  private static String num(double v) {
    return String.format(Locale.ROOT, "%.1f", v);
  }

  /**
   * Escapes text for HTML content and attribute values: {@code & < > " '}.
   *
   * @param text any text
   * @return the escaped text
   */
  static String escape(String text) {
    StringBuilder sb = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c);
      }
    }
    return sb.toString();
  }
}
