package servesim.tools;

import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import servesim.models.Dtype;
import servesim.models.ModelCatalog;
import servesim.models.ModelConfig;

/** {@code servesim models}: the shipped model catalog with sizes. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List the shipped model catalog.")
final class ModelsCommand implements Callable<Integer> {
    @picocli.CommandLine.Option(names = "--json", description = "Print the catalog as JSON (for scripts)")
    boolean json;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        var out = spec.commandLine().getOut();
        if (json) {
            java.util.List<java.util.Map<String, Object>> rows = new java.util.ArrayList<>();
            for (ModelCatalog.Entry e : ModelCatalog.get().entries()) {
                ModelConfig m = ModelCatalog.get().load(e.id());
                java.util.Map<String, Object> r = new java.util.LinkedHashMap<>();
                r.put("id", e.id());
                r.put("model_type", m.family().modelType());
                r.put("parameters", m.parameters().total());
                r.put("active_parameters", m.parameters().active());
                r.put("layers", m.numLayers());
                r.put("kv_bytes_per_token_bf16", m.kvBytesPerToken(Dtype.BF16));
                rows.add(r);
            }
            JsonOut.print(rows, out);
            return 0;
        }
        out.printf(Locale.ROOT, "%-30s %-10s %8s %8s %7s %12s%n", "id", "type", "params", "active", "layers",
                "KV B/token");
        for (ModelCatalog.Entry e : ModelCatalog.get().entries()) {
            ModelConfig m = ModelCatalog.get().load(e.id());
            out.printf(Locale.ROOT, "%-30s %-10s %7.2fB %7.2fB %7d %12d%n", e.id(), m.family().modelType(),
                    m.parameters().total() / 1e9, m.parameters().active() / 1e9, m.numLayers(),
                    m.kvBytesPerToken(Dtype.BF16));
        }
        return 0;
    }
}
