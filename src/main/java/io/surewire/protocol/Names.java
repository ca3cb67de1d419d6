package io.surewire.protocol;

import java.util.regex.Pattern;

/** The shapes of the names in the protocol: topics, client ids, client message ids. */
public final class Names {

    public static final int MAX_TOPIC_LENGTH = 200;
    public static final int MAX_CLIENT_ID_LENGTH = 64;
    public static final int MAX_CLIENT_MSG_ID_LENGTH = 128;
    public static final int MAX_REQUEST_ID_LENGTH = 128;

    /** The rule of a topic's name, as the refusals of a bad one say it. */
    public static final String TOPIC_RULE = "1-" + MAX_TOPIC_LENGTH + " characters of [A-Za-z0-9._:/-]";
    /** The rule of a client_id, as the refusals of a bad one say it. */
    public static final String CLIENT_ID_RULE = "1-" + MAX_CLIENT_ID_LENGTH + " characters of [A-Za-z0-9._:-]";

    private static final Pattern TOPIC = Pattern.compile("[A-Za-z0-9._:/-]{1," + MAX_TOPIC_LENGTH + "}");
    private static final Pattern CLIENT_ID = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_CLIENT_ID_LENGTH + "}");

    private Names() {
    }

    /** {@link #TOPIC_RULE}. */
    public static boolean isTopic(String name) {
        return name != null && TOPIC.matcher(name).matches();
    }

    /** {@link #CLIENT_ID_RULE}. */
    public static boolean isClientId(String id) {
        return id != null && CLIENT_ID.matcher(id).matches();
    }

    /** 1–128 characters, any. */
    public static boolean isClientMsgId(String id) {
        return id != null && !id.isEmpty() && id.length() <= MAX_CLIENT_MSG_ID_LENGTH;
    }
}
