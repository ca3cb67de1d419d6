package io.surewire.demo.control;

import io.surewire.demo.entity.Appointment;
import io.surewire.protocol.JsonBuilders;
import io.surewire.protocol.ServerFrames;
import jakarta.json.JsonObject;
import java.time.LocalDate;

/** The board's topic per day, and an appointment as JSON: in snapshots and in events alike. */
public final class BoardTopic {

    private BoardTopic() {
    }

    public static String of(LocalDate day) {
        return "appointments/" + day;
    }

    /** The whole appointment: an event carries its full new state, so applying one twice changes nothing. */
    public static JsonObject json(Appointment appointment) {
        return JsonBuilders.object()
                .add("id", appointment.id())
                .add("date", appointment.day().toString())
                .add("time", appointment.time().toString())
                .add("patient", appointment.patient())
                .add("state", appointment.state().wire())
                .add("version", appointment.version())
                .add("updated_at", ServerFrames.timestamp(appointment.updatedAt()))
                .build();
    }
}
