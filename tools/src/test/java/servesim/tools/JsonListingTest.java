package servesim.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code --json} on models, devices and profile info: parseable, with the facts the tables show. */
class JsonListingTest {
    private static JsonNode json(String... args) throws Exception {
        CliTest.Result r = CliTest.run(args);
        assertEquals(0, r.code(), r.err());
        return new ObjectMapper().readTree(r.out());
    }

    @Test
    void modelsDevicesAndProfileInfoAsJson() throws Exception {
        JsonNode models = json("models", "--json");
        assertTrue(models.isArray() && models.size() > 3);
        JsonNode llama = models.get(0);
        assertEquals("meta-llama/Llama-3.1-8B", llama.get("id").asText());
        assertEquals(32, llama.get("layers").asInt());
        assertEquals(131072, llama.get("kv_bytes_per_token_bf16").asInt());

        JsonNode devices = json("devices", "--json");
        boolean h100 = false;
        for (JsonNode d : devices) {
            if (d.get("name").asText().equals("H100-SXM")) {
                h100 = true;
                assertTrue(d.get("mem_bandwidth_gbs").asDouble() > 3000, d.toString());
            }
        }
        assertTrue(h100, devices.toString());

        Path profile = Path.of("..", "profiles", "cpu", "Qwen", "Qwen3-0.6B", "fp32", "tp1.arrow");
        JsonNode info = json("profile", "info", profile.toString(), "--json");
        assertEquals("cpu", info.get("device").asText());
        assertEquals(false, info.get("estimate").asBoolean());
        int rows = 0;
        for (JsonNode op : info.get("operators")) {
            rows += op.get("rows").asInt();
        }
        assertEquals(info.get("rows").asInt(), rows, "operator rows add up to the profile's");
    }
}
