package io.meridian.placement;

/** Decides where a participant is hosted. Implementations are pure functions of the request (and a clock). */
@FunctionalInterface
public interface PlacementPolicy {

    /**
     * @param request the participant, its conference and the fleet
     * @return where to place the participant, or a rejection; never {@code null}, never throws for a valid request
     */
    Decision place(PlacementRequest request);
}
