package io.maximus.hcl.core;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

/** The one JSON configuration of HCL's public records: snake_case names, ISO-8601 event times. */
public final class Json {

    /** Shared, thread-safe mapper for HCL's records. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("hcl").addSerializer(Decision.class, new DecisionTimeSerializer()))
            .build();

    private Json() {}

    /** Serializes any HCL record to one line of JSON. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads an HCL record from JSON; throws {@link IllegalArgumentException} with the parser's words on bad input. */
    public static <T> T read(String json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes a decision with its event time as an ISO-8601 string, the rest as the record's fields. */
    private static final class DecisionTimeSerializer extends JsonSerializer<Decision> {
        @Override
        public void serialize(Decision d, JsonGenerator g, SerializerProvider p) throws IOException {
            g.writeStartObject();
            g.writeStringField("id", d.id());
            g.writeStringField("timestamp", Instant.ofEpochMilli(d.timestamp()).toString());
            g.writeObjectField("scope", d.scope());
            g.writeStringField("trigger", d.trigger());
            g.writeObjectField("operational_mode", d.operationalMode());
            g.writeObjectField("actions_taken", d.actionsTaken());
            g.writeObjectField("state_before", d.stateBefore());
            g.writeObjectField("state_after", d.stateAfter());
            g.writeObjectField("outcome", d.outcome());
            g.writeObjectField("reward_signal", d.rewardSignal());
            g.writeObjectField("human_feedback", d.humanFeedback());
            g.writeObjectField("rule", d.rule());
            if (!d.evidence().isEmpty()) {
                g.writeObjectField("evidence", d.evidence());
            }
            g.writeEndObject();
        }
    }
}
