package io.meridian.controller.api;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The decision log's page size and opaque {@code after} cursor (base64url of "d:" and the last sequence seen). */
final class DecisionCursor {
    /** Page size when none is asked for. */
    static final int DEFAULT_LIMIT = 100;
    /** Largest page served. */
    static final int MAX_LIMIT = 1000;
    private static final String PREFIX = "d:";

    private DecisionCursor() {
    }

    /** The page size of {@code ?limit=}; 400 problem when not a number in 1..1000. */
    static int limit(String text) {
        if (text == null || text.isBlank()) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text.trim());
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidRequestException("limit must be a whole number from 1 to " + MAX_LIMIT);
    }

    static String encode(long sequence) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((PREFIX + sequence).getBytes(StandardCharsets.US_ASCII));
    }

    /** The sequence a cursor stands for; 0 (from the start) when absent; 400 problem when not one of ours. */
    static long decode(String cursor) {
        if (cursor == null || cursor.isEmpty()) {
            return 0;
        }
        try {
            if (cursor.length() <= 32) {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII);
                if (text.startsWith(PREFIX)) {
                    long sequence = Long.parseLong(text.substring(PREFIX.length()));
                    if (sequence >= 0) {
                        return sequence;
                    }
                }
            }
        } catch (IllegalArgumentException e) {
            // reported below (NumberFormatException is one)
        }
        throw new InvalidRequestException("after is not a cursor this API returned");
    }
}
