package servesim.simulator.chart;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import servesim.formats.io.AtomicFiles;

/**
 * A self-contained HTML report: headings, paragraphs, tables and SVG charts inline, so the file
 * opens in any browser with no server and no other file.
 */
public final class HtmlReport {
    private final String title;
    private final List<String> body = new ArrayList<>();

    public HtmlReport(String title) {
        this.title = title;
        body.add("<h1>" + esc(title) + "</h1>");
    }

    public HtmlReport heading(String text) {
        body.add("<h2>" + esc(text) + "</h2>");
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.add("<p>" + esc(text) + "</p>");
        return this;
    }

    /** An SVG chart ({@link Charts}), inline, with {@code caption} under it. */
    public HtmlReport image(String caption, String svg) {
        body.add("<figure role=\"img\" aria-label=\"" + esc(caption) + "\">" + svg + "<figcaption>" + esc(caption)
                + "</figcaption></figure>");
        return this;
    }

    /** A table, header first. */
    public HtmlReport table(List<String> header, List<List<String>> rows) {
        StringBuilder b = new StringBuilder("<table><thead><tr>");
        header.forEach(h -> b.append("<th>").append(esc(h)).append("</th>"));
        b.append("</tr></thead><tbody>");
        for (List<String> r : rows) {
            b.append("<tr>");
            r.forEach(c -> b.append("<td>").append(esc(c)).append("</td>"));
            b.append("</tr>");
        }
        body.add(b.append("</tbody></table>").toString());
        return this;
    }

    public String html() {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + esc(title) + "</title>"
                + "<style>body{font-family:sans-serif;margin:2em;max-width:1200px}table{border-collapse:collapse;"
                + "font-size:12px;margin:1em 0}td,th{border:1px solid #ccc;padding:2px 6px;text-align:right}"
                + "th{background:#f3f3f3}svg{max-width:100%;height:auto}figure{margin:1em 0}</style></head><body>\n"
                + String.join("\n", body) + "\n</body></html>\n";
    }

    public void write(Path file) {
        String html = html();
        AtomicFiles.write(file, tmp -> Files.writeString(tmp, html, StandardCharsets.UTF_8));
    }

    static String esc(String s) {
        return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
