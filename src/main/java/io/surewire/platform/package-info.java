/**
 * What every capability leans on: the configuration with its defaults, the logger producer, the
 * JAX-RS application under {@code /api}, and the schedule the timers' ticks take what is due from.
 */
package io.surewire.platform;
