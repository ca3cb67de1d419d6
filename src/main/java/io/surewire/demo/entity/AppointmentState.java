package io.surewire.demo.entity;

import java.util.Locale;
import java.util.Set;

/** Where a patient is: scheduled → present → seated → dismissed, or cancelled before being seated. */
public enum AppointmentState {
    SCHEDULED, PRESENT, SEATED, DISMISSED, CANCELLED;

    public boolean canBecome(AppointmentState next) {
        return switch (this) {
            case SCHEDULED -> Set.of(PRESENT, CANCELLED).contains(next);
            case PRESENT -> Set.of(SEATED, CANCELLED).contains(next);
            case SEATED -> next == DISMISSED;
            case DISMISSED, CANCELLED -> false;
        };
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The state of its wire name ({@code present}); {@link IllegalArgumentException} for any other text. */
    public static AppointmentState of(String wire) {
        for (AppointmentState state : values()) {
            if (state.wire().equals(wire)) {
                return state;
            }
        }
        throw new IllegalArgumentException("not a state: " + wire);
    }
}
