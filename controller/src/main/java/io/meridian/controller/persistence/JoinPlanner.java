package io.meridian.controller.persistence;

/** Decides a join given the conference as it is while the conference is locked. */
@FunctionalInterface
public interface JoinPlanner {
    /** Called once, under the conference's lock; must not block on I/O. */
    JoinPlan plan(ConferenceView current);
}
