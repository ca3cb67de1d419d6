package io.surewire.platform;

import io.surewire.protocol.Names;

/** Reads the parameters of HTTP requests (path, query, header), refusing a bad one with 400. */
public final class RequestParameters {

    private RequestParameters() {
    }

    /** {@code topic} when it is a topic's name. */
    public static String topic(String topic) {
        if (!Names.isTopic(topic)) {
            throw ApiError.badRequest("a topic is " + Names.TOPIC_RULE);
        }
        return topic;
    }

    /** A whole number from {@code min} to {@code max}, {@code absent} when the parameter is not given. */
    public static long wholeNumber(String name, String value, long absent, long min, long max) {
        if (value == null) {
            return absent;
        }
        try {
            long number = Long.parseLong(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw ApiError.badRequest(name + " must be a whole number from " + min + " to " + max);
    }

    /** {@code true} or {@code false}, {@code absent} when the parameter is not given. */
    public static boolean trueOrFalse(String name, String value, boolean absent) {
        if (value == null) {
            return absent;
        }
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiError.badRequest(name + " must be true or false");
        };
    }
}
