package dev.argyle.server.policy;

/**
 * The outcome of checking the rules: pass, block, or undecided (the answer depends on the address of a name not
 * yet resolved, or on the destinations of a UDP association; check again when they are known).
 *
 * @param verdict pass, block or undecided
 * @param rule    the deciding rule as the access log shows it: its name, its position ({@code requests#3}),
 *                or {@code default} for a built-in rule and for the implicit block at the end of a list; null
 *                when undecided
 * @param log     whether the deciding rule asked for its decisions to be logged
 * @param reason  a sentence for the session's error and logs ("blocked by request rule ...")
 */
public record Decision(Verdict verdict, String rule, boolean log, String reason) {
    public enum Verdict { PASS, BLOCK, UNDECIDED }

    /** Nothing decided yet. */
    public static final Decision UNDECIDED = new Decision(Verdict.UNDECIDED, null, false, "not decided yet");

    /** What {@link SessionPolicy#PASS_ALL} answers. */
    public static final Decision PASS_ALL = new Decision(Verdict.PASS, null, false, "no rules");

    public boolean blocked() {
        return verdict == Verdict.BLOCK;
    }

    public boolean passed() {
        return verdict == Verdict.PASS;
    }

    public boolean decided() {
        return verdict != Verdict.UNDECIDED;
    }
}
