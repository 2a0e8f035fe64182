package servesim.profiler;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

/** The bundled PyTorch engine loads offline (the pinned 2.7.1 CPU build) and computes a correct matmul. */
class DjlSmokeTest {
    @Test
    void matmulOnCpuIsCorrect() {
        System.setProperty("ai.djl.offline", "true");
        Engine e = Engine.getEngine("PyTorch");
        assertEquals("PyTorch", e.getEngineName());
        assertTrue(e.getVersion().startsWith("2.7.1"), "the pinned native build, not a download: " + e.getVersion());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 2, 3, 4, 5, 6}, new Shape(2, 3));
            NDArray b = m.create(new float[] {7, 8, 9, 10, 11, 12}, new Shape(3, 2));
            NDArray c = a.matMul(b);
            assertEquals(new Shape(2, 2), c.getShape());
            assertArrayEquals(new float[] {58, 64, 139, 154}, c.toFloatArray(), 0f);
            NDArray big = m.randomNormal(new Shape(64, 128)).matMul(m.randomNormal(new Shape(128, 32)));
            assertEquals(new Shape(64, 32), big.getShape());
        }
    }
}
