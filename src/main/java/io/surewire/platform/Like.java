package io.surewire.platform;

/** LIKE patterns of the queries, with {@code \} as their escape character ({@code ... LIKE :p ESCAPE '\'}). */
public final class Like {

    private Like() {
    }

    /** Matches what starts with {@code prefix} (everything for an empty or absent one); its {@code %}, {@code _} and {@code \} match themselves. */
    public static String startingWith(String prefix) {
        String text = prefix == null ? "" : prefix;
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }
}
