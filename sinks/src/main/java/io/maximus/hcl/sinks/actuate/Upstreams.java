package io.maximus.hcl.sinks.actuate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The nginx upstream blocks HCL owns, as a model it can read from and render to its own config file.
 *
 * <p>The file holds only {@code upstream NAME { server ADDRESS [weight=N] [down]; ... }} blocks written by
 * {@link #render()}; the parser accepts exactly that grammar (plus comments), not nginx's whole language, which is
 * why no general nginx-config library is used.
 */
public final class Upstreams {

    /**
     * One server line.
     *
     * @param address host:port
     * @param weight nginx weight (1 or more)
     * @param down whether the circuit breaker has taken it out
     */
    public record Server(String address, int weight, boolean down) {}

    private static final Pattern BLOCK = Pattern.compile("upstream\\s+([A-Za-z0-9_.-]+)\\s*\\{([^}]*)}");
    private static final Pattern SERVER = Pattern.compile("server\\s+(\\S+?)((?:\\s+[^;\\s]+)*)\\s*;");
    /** Names and addresses that can be pasted into nginx config without breaking its syntax. */
    static final Pattern SAFE_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    static final Pattern SAFE_ADDRESS = Pattern.compile("[A-Za-z0-9_.\\[\\]:-]+");

    private final Map<String, List<Server>> blocks;

    private Upstreams(Map<String, List<Server>> blocks) {
        this.blocks = blocks;
    }

    /** Parses the file's text. */
    public static Upstreams parse(String text) {
        Map<String, List<Server>> out = new LinkedHashMap<>();
        String noComments = text.replaceAll("(?m)#.*$", "");
        Matcher b = BLOCK.matcher(noComments);
        while (b.find()) {
            List<Server> servers = new ArrayList<>();
            Matcher s = SERVER.matcher(b.group(2));
            while (s.find()) {
                int weight = 1;
                boolean down = false;
                for (String opt : s.group(2).trim().split("\\s+")) {
                    if (opt.startsWith("weight=")) {
                        weight = Integer.parseInt(opt.substring(7));
                    } else if (opt.equals("down")) {
                        down = true;
                    }
                }
                servers.add(new Server(s.group(1), weight, down));
            }
            out.put(b.group(1), servers);
        }
        return new Upstreams(out);
    }

    /** Whether an upstream of that name exists. */
    public boolean has(String upstream) {
        return blocks.containsKey(upstream);
    }

    /** The servers of one upstream (empty if unknown). */
    public List<Server> servers(String upstream) {
        return List.copyOf(blocks.getOrDefault(upstream, List.of()));
    }

    /** A copy with the given weights applied to the named upstream's servers (others keep theirs). */
    public Upstreams withWeights(String upstream, Map<String, Integer> weights) {
        return map(
                upstream,
                s -> weights.containsKey(s.address())
                        ? new Server(s.address(), weights.get(s.address()), s.down())
                        : s);
    }

    /** A copy with one server marked down (open) or up (closed). */
    public Upstreams withDown(String upstream, String address, boolean down) {
        return map(upstream, s -> s.address().equals(address) ? new Server(s.address(), s.weight(), down) : s);
    }

    private Upstreams map(String upstream, java.util.function.UnaryOperator<Server> f) {
        Map<String, List<Server>> copy = new LinkedHashMap<>(blocks);
        copy.put(upstream, blocks.get(upstream).stream().map(f).toList());
        return new Upstreams(copy);
    }

    /** The file's text. */
    public String render() {
        StringBuilder sb = new StringBuilder("# managed by HCL: edits are overwritten by its load-balancer actuator\n");
        blocks.forEach((name, servers) -> {
            sb.append("upstream ").append(name).append(" {\n");
            for (Server s : servers) {
                sb.append("    server ")
                        .append(s.address())
                        .append(" weight=")
                        .append(s.weight())
                        .append(s.down() ? " down" : "")
                        .append(";\n");
            }
            sb.append("}\n");
        });
        return sb.toString();
    }
}
