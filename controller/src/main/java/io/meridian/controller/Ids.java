package io.meridian.controller;

import java.util.regex.Pattern;

/** The id rule shared by conferences, participants and agents: 1–128 chars of {@code [A-Za-z0-9._-]}. */
public final class Ids {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,128}");

    private Ids() {
    }

    /** True when {@code value} is a well-formed id. */
    public static boolean valid(String value) {
        return value != null && ID.matcher(value).matches();
    }

    /** Describes why {@code value} is not an id, for error messages; {@code what} names the field. */
    public static String problem(String what, String value) {
        if (value == null || value.isEmpty()) {
            return what + " is missing";
        }
        if (value.length() > 128) {
            return what + " is longer than 128 characters";
        }
        return what + " must be 1-128 characters of A-Z a-z 0-9 . _ -";
    }
}
