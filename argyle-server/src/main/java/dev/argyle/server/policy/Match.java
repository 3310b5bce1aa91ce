package dev.argyle.server.policy;

/**
 * The answer of a condition: yes, no, or "maybe" when it depends on something not known yet (the address of a
 * name that has not been resolved, the destinations of a UDP association that has not sent anything).
 */
public enum Match {
    YES, NO, MAYBE;

    /** Both must hold: no beats maybe beats yes. */
    public Match and(Match other) {
        if (this == NO || other == NO) {
            return NO;
        }
        return this == MAYBE || other == MAYBE ? MAYBE : YES;
    }

    /** Either may hold: yes beats maybe beats no. */
    public Match or(Match other) {
        if (this == YES || other == YES) {
            return YES;
        }
        return this == MAYBE || other == MAYBE ? MAYBE : NO;
    }

    public static Match of(boolean b) {
        return b ? YES : NO;
    }
}
