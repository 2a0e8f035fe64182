package servesim.formats.cluster;

import servesim.formats.json.JsonFields;

/**
 * One serving instance of a cluster config.
 *
 * @param id        index across the cluster (node-major order)
 * @param node      node index
 * @param model     model id ({@code model_name})
 * @param hardware  hardware label (finds the profile)
 * @param npuMem    device memory
 * @param numNpus   devices the instance spans
 * @param tp        tensor parallel degree
 * @param pp        pipeline parallel degree
 * @param ep        expert parallel degree
 * @param dpGroup   data-parallel group name, or null
 * @param pdType    "prefill", "decode" or null
 * @param placement where weights and KV live, or null (everything on the device)
 * @param fields    the instance's JSON (engine overrides such as max_num_seqs live here)
 */
public record InstanceSpec(int id, int node, String model, String hardware, MemorySpec npuMem, int numNpus, int tp,
                           int pp, int ep, String dpGroup, String pdType, PlacementSpec placement, JsonFields fields) {
}
