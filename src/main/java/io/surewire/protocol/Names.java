package io.surewire.protocol;

import java.util.regex.Pattern;

/** The shapes of the names in the protocol: topics, client ids, client message ids. */
public final class Names {

    public static final int MAX_TOPIC_LENGTH = 200;
    public static final int MAX_CLIENT_ID_LENGTH = 64;
    public static final int MAX_CLIENT_MSG_ID_LENGTH = 128;
    public static final int MAX_REQUEST_ID_LENGTH = 128;

    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._:/-]{1," + MAX_TOPIC_LENGTH + "}");
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_CLIENT_ID_LENGTH + "}");

    private Names() {
    }

    /** 1–200 characters of {@code [A-Za-z0-9._:/-]}. */
    public static boolean isTopic(String name) {
        return name != null && TOPIC.matcher(name).matches();
    }

    /** 1–64 characters of {@code [A-Za-z0-9._:-]}. */
    public static boolean isClientId(String id) {
        return id != null && CLIENT_ID.matcher(id).matches();
    }

    /** 1–128 characters, any. */
    public static boolean isClientMsgId(String id) {
        return id != null && !id.isEmpty() && id.length() <= MAX_CLIENT_MSG_ID_LENGTH;
    }
}
