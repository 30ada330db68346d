package ai.continual.config;

/**
 * Online EWC settings.
 *
 * @param lambda strength λ of the penalty λ/2·Σ F·(θ−θ*)²
 * @param gamma decay γ of the running Fisher: F_run = γ·F_parent + F_new
 * @param fisherSamples training rows sampled per version to estimate the diagonal Fisher
 */
public record EwcConfig(double lambda, double gamma, int fisherSamples) {}
