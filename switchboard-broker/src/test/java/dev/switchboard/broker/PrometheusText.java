package dev.switchboard.broker;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict parser of the Prometheus text exposition format 0.0.4, for tests: every line must be a
 * {@code # HELP}, a {@code # TYPE}, another comment, blank, or a sample whose metric name, labels
 * and value follow the format's rules, and belongs to a family whose TYPE came before it.
 */
final class PrometheusText {
    private static final String NAME = "[a-zA-Z_:][a-zA-Z0-9_:]*";
    private static final Pattern METRIC_NAME = Pattern.compile(NAME);
    private static final Pattern HELP = Pattern.compile("# HELP (" + NAME + ") (.*)");
    private static final Pattern TYPE =
            Pattern.compile("# TYPE (" + NAME + ") (counter|gauge|histogram|summary|untyped)");
    private static final Pattern SAMPLE =
            Pattern.compile("(" + NAME + ")(\\{(.*)\\})? (\\S+)( -?[0-9]+)?");
    private static final Pattern LABEL =
            Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\\\n]|\\\\[\\\\\"n])*)\"");
    private static final Pattern FLOAT =
            Pattern.compile("[+-]?(Inf|NaN|[0-9]*\\.?[0-9]+([eE][+-]?[0-9]+)?|[0-9]+\\.)");

    /** One sample line. */
    record Sample(String name, Map<String, String> labels, double value) {}

    final Map<String, String> types = new LinkedHashMap<>();
    final List<Sample> samples = new ArrayList<>();

    private PrometheusText() {}

    /**
     * @throws AssertionError naming the first line that breaks the format
     */
    static PrometheusText parse(String text) {
        PrometheusText p = new PrometheusText();
        Map<String, Boolean> helped = new HashMap<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            Matcher m;
            if ((m = HELP.matcher(line)).matches()) {
                if (helped.put(m.group(1), true) != null) {
                    throw new AssertionError("line " + n + ": second HELP for " + m.group(1));
                }
            } else if ((m = TYPE.matcher(line)).matches()) {
                if (p.types.put(m.group(1), m.group(2)) != null) {
                    throw new AssertionError("line " + n + ": second TYPE for " + m.group(1));
                }
            } else if (line.startsWith("#")) {
                continue; // other comments are allowed
            } else if ((m = SAMPLE.matcher(line)).matches()) {
                String name = m.group(1);
                if (!METRIC_NAME.matcher(name).matches() || family(p.types, name) == null) {
                    throw new AssertionError("line " + n + ": sample without a TYPE: " + line);
                }
                if (!FLOAT.matcher(m.group(4)).matches()) {
                    throw new AssertionError("line " + n + ": bad value: " + line);
                }
                p.samples.add(new Sample(name, labels(m.group(3), n, line), number(m.group(4))));
            } else {
                throw new AssertionError("line " + n + ": not Prometheus text format: " + line);
            }
        }
        return p;
    }

    private static String family(Map<String, String> types, String name) {
        if (types.containsKey(name)) {
            return name;
        }
        for (String suffix : List.of("_total", "_count", "_sum", "_bucket", "_max")) {
            if (name.endsWith(suffix)) {
                String f = name.substring(0, name.length() - suffix.length());
                if (types.containsKey(f)) {
                    return f;
                }
            }
        }
        return null;
    }

    private static Map<String, String> labels(String body, int n, String line) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (body == null || body.isEmpty()) {
            return labels;
        }
        Matcher m = LABEL.matcher(body);
        int at = 0;
        while (at < body.length()) {
            if (!m.find(at) || m.start() != at) {
                throw new AssertionError("line " + n + ": bad labels: " + line);
            }
            labels.put(m.group(1), m.group(2));
            at = m.end();
            if (at < body.length()) {
                if (body.charAt(at) != ',') {
                    throw new AssertionError("line " + n + ": bad label separator: " + line);
                }
                at++;
            }
        }
        return labels;
    }

    private static double number(String v) {
        return switch (v) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(v);
        };
    }

    /**
     * @return the value of the one sample with this name and these labels (a subset), if any
     */
    OptionalDouble value(String name, Map<String, String> labels) {
        return samples.stream()
                .filter(s -> s.name().equals(name))
                .filter(s -> s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value)
                .findFirst();
    }

    /**
     * @return the value of the sample with this name (without labels)
     */
    double value(String name) {
        return value(name, Map.of())
                .orElseThrow(() -> new AssertionError("no sample named " + name));
    }
}
