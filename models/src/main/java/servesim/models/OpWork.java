package servesim.models;

/**
 * The arithmetic and memory traffic of one operator call on one rank: the inputs of a roofline.
 *
 * @param flops      floating-point operations (a multiply-add counts 2)
 * @param bytesMoved bytes read from and written to device memory, assuming each tensor is touched once
 */
public record OpWork(double flops, double bytesMoved) {
    public static final OpWork NONE = new OpWork(0, 0);

    public OpWork plus(OpWork o) {
        return new OpWork(flops + o.flops, bytesMoved + o.bytesMoved);
    }
}
