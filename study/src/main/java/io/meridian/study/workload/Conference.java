package io.meridian.study.workload;

/**
 * One simulated conference: where its participants are, in the order they join, and how long it lasts.
 *
 * @param index           position in the workload (also the conference id in placement requests)
 * @param places          index into the {@link PlaceTable} of each participant, in join order; length ≥ 1
 * @param durationMinutes how long everyone stays (the study's simplification: all join at the start)
 */
public record Conference(int index, int[] places, int durationMinutes) {

    /** @return the number of participants */
    public int size() {
        return places.length;
    }
}
