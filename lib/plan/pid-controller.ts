import { z } from "zod";

/** Gains and limits; output is in replicas to add (negative removes). */
export const pidGainsSchema = z.object({
  kp: z.number(),
  ki: z.number(),
  kd: z.number(),
  /** Bound on the integral term's accumulator (error × seconds). */
  integralLimit: z.number().positive(),
  outputMin: z.number(),
  outputMax: z.number(),
});
export type PidGains = z.infer<typeof pidGainsSchema>;

export type PidState = { integral: number; previousError: number | null };
export const initialPidState: PidState = { integral: 0, previousError: null };

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));

/**
 * One PID step. The error is measurement − setpoint, so load above target asks for more
 * replicas. Anti-windup: the integral is bounded, and it does not accumulate while the output
 * is saturated in the direction the error pushes (conditional integration), so a long surge
 * does not leave a backlog that over-scales once the load returns to normal.
 */
export function pidStep(
  state: PidState,
  input: { setpoint: number; measurement: number; dtSeconds: number },
  gains: PidGains,
): { output: number; state: PidState } {
  const error = input.measurement - input.setpoint;
  const derivative =
    state.previousError === null || input.dtSeconds <= 0
      ? 0
      : (error - state.previousError) / input.dtSeconds;
  const proposed = clamp(state.integral + error * input.dtSeconds, -gains.integralLimit, gains.integralLimit);
  const unclamped = gains.kp * error + gains.ki * proposed + gains.kd * derivative;
  const output = clamp(unclamped, gains.outputMin, gains.outputMax);
  const windingUp = (unclamped > gains.outputMax && error > 0) || (unclamped < gains.outputMin && error < 0);
  return { output, state: { integral: windingUp ? state.integral : proposed, previousError: error } };
}
