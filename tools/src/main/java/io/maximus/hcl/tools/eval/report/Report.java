package io.maximus.hcl.tools.eval.report;

import io.maximus.hcl.core.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A static, self-contained HTML report of an evaluation: {@code index.html} with the summary figures and a table
 * linking one page per series (or machine, or horizon) under {@code pages/}. Pages hold their figures and charts as
 * inline SVG ({@link Chart}); nothing is fetched when a page is viewed.
 */
public final class Report {

    private static final String STYLE = "body{font-family:sans-serif;margin:16px 24px;color:#222}"
            + "pre{background:#f4f4f4;padding:8px;white-space:pre-wrap;font-size:12px}"
            + "table{border-collapse:collapse;font-size:12px}td,th{border:1px solid #ddd;padding:2px 6px;"
            + "text-align:right}td:first-child,th:first-child{text-align:left}svg{display:block;margin-bottom:14px}"
            + ".legend{font-size:12px;margin:4px 0}.legend span{margin-right:14px;white-space:nowrap}"
            + ".legend i{display:inline-block;width:18px;height:9px;margin-right:4px;vertical-align:middle}"
            + "nav{margin-bottom:8px}nav a{margin-right:12px}";

    private final String title;
    private final List<String> notes = new ArrayList<>();
    private final List<Page> pages = new ArrayList<>();
    private final Set<String> slugs = new HashSet<>();
    private Map<String, Object> summary;

    /** A report titled {@code title}. */
    public Report(String title) {
        this.title = title;
    }

    /** The summary figures shown at the top of the index (typically the command's summary JSON line). */
    public Report summary(Map<String, ?> figures) {
        this.summary = new LinkedHashMap<>(figures);
        return this;
    }

    /** A paragraph of text on the index (e.g. how the plots were made). */
    public Report note(String text) {
        notes.add(text);
        return this;
    }

    /** Adds a page named {@code name}; its file name is derived from the name and made unique. */
    public Page page(String name) {
        String base = Html.slug(name);
        String slug = base;
        for (int k = 2; !slugs.add(slug.toLowerCase()); k++) {
            slug = base + "-" + k;
        }
        Page p = new Page(name, slug);
        pages.add(p);
        return p;
    }

    /** The pages added so far. */
    public List<Page> pages() {
        return List.copyOf(pages);
    }

    /** One page of the report. */
    public static final class Page {
        private final String name;
        private final String slug;
        private final Map<String, Object> figures = new LinkedHashMap<>();
        private final StringBuilder body = new StringBuilder();

        private Page(String name, String slug) {
            this.name = name;
            this.slug = slug;
        }

        /** The page's name (its heading and its link text on the index). */
        public String name() {
            return name;
        }

        /** The page's file, relative to the report directory. */
        public String file() {
            return "pages/" + slug + ".html";
        }

        /** Figures of this series: shown on the page, and their scalar values as a row of the index table. */
        public Page figures(Map<String, ?> values) {
            figures.putAll(values);
            return this;
        }

        /** A paragraph of text. */
        public Page text(String text) {
            body.append("<p>").append(Html.escape(text)).append("</p>\n");
            return this;
        }

        /** A chart under a heading. */
        public Page chart(String heading, Chart chart) {
            body.append("<h3>").append(Html.escape(heading)).append("</h3>\n").append(chart.html());
            return this;
        }
    }

    /** Where a report was written and how big it is. */
    public record Written(Path index, int pages, long bytes, long largestPageBytes) {}

    /** Writes {@code index.html} and {@code pages/*.html} into {@code dir} (created if needed). */
    public Written write(Path dir) throws IOException {
        Path pageDir = dir.resolve("pages");
        Files.createDirectories(pageDir);
        long bytes = 0;
        long largest = 0;
        for (int i = 0; i < pages.size(); i++) {
            Page p = pages.get(i);
            StringBuilder h = new StringBuilder();
            h.append("<nav><a href=\"../index.html\">index</a>");
            if (i > 0) {
                h.append("<a href=\"../")
                        .append(pages.get(i - 1).file())
                        .append("\">&larr; ")
                        .append(Html.escape(pages.get(i - 1).name))
                        .append("</a>");
            }
            if (i + 1 < pages.size()) {
                h.append("<a href=\"../")
                        .append(pages.get(i + 1).file())
                        .append("\">")
                        .append(Html.escape(pages.get(i + 1).name))
                        .append(" &rarr;</a>");
            }
            h.append("</nav>\n<h1>")
                    .append(Html.escape(p.name))
                    .append("</h1>\n<p>")
                    .append(Html.escape(title))
                    .append("</p>\n");
            if (!p.figures.isEmpty()) {
                h.append("<pre>").append(Html.escape(Json.write(p.figures))).append("</pre>\n");
            }
            h.append(p.body);
            byte[] page = document(p.name + " - " + title, h.toString());
            Files.write(dir.resolve(p.file()), page);
            bytes += page.length;
            largest = Math.max(largest, page.length);
        }
        byte[] index = document(title, indexBody());
        Path file = dir.resolve("index.html");
        Files.write(file, index);
        return new Written(file, pages.size(), bytes + index.length, largest);
    }

    private String indexBody() {
        StringBuilder h = new StringBuilder();
        h.append("<h1>").append(Html.escape(title)).append("</h1>\n");
        if (summary != null) {
            h.append("<pre>").append(Html.escape(Json.write(summary))).append("</pre>\n");
        }
        for (String n : notes) {
            h.append("<p>").append(Html.escape(n)).append("</p>\n");
        }
        Set<String> cols = new LinkedHashSet<>();
        for (Page p : pages) {
            p.figures.forEach((k, v) -> {
                if (v == null || v instanceof Number || v instanceof CharSequence || v instanceof Boolean) {
                    cols.add(k);
                }
            });
        }
        h.append("<table>\n<tr><th>")
                .append(pages.size())
                .append(pages.size() == 1 ? " page" : " pages")
                .append("</th>");
        for (String c : cols) {
            h.append("<th>").append(Html.escape(c)).append("</th>");
        }
        h.append("</tr>\n");
        for (Page p : pages) {
            h.append("<tr><td><a href=\"")
                    .append(p.file())
                    .append("\">")
                    .append(Html.escape(p.name))
                    .append("</a></td>");
            for (String c : cols) {
                Object v = p.figures.get(c);
                h.append("<td>")
                        .append(v == null ? "" : Html.escape(v instanceof Double d ? Html.num(d) : String.valueOf(v)))
                        .append("</td>");
            }
            h.append("</tr>\n");
        }
        return h.append("</table>\n").toString();
    }

    private static byte[] document(String title, String body) {
        return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>" + Html.escape(title)
                        + "</title>\n<style>" + STYLE + "</style></head><body>\n" + body + "</body></html>\n")
                .getBytes(StandardCharsets.UTF_8);
    }
}
