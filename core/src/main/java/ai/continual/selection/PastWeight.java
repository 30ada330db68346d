package ai.continual.selection;

/** How much a past date's score counts against the newest date's in the {@link Objective}. */
public enum PastWeight {
    /** Every date counts the same: knowledge that stays true (stationary, class- or domain-incremental data). */
    EQUAL,
    /** A date {@code a} dates older than the newest counts {@code 0.5^(a / half-life-dates)}. */
    HALF_LIFE,
    /** Only the newest date counts: old dates' targets no longer hold (concept drift). */
    NEWEST_ONLY
}
