/** A short beep through the Web Audio API (no sound file, nothing for the CSP to allow). */

/** Plays ~250 ms of 880 Hz; silently does nothing where Web Audio is missing or blocked. */
export function beep(): void {
  const Context = globalThis.AudioContext;
  if (!Context) return;
  try {
    const context = new Context();
    const oscillator = context.createOscillator();
    const gain = context.createGain();
    oscillator.frequency.value = 880;
    gain.gain.value = 0.15;
    oscillator.connect(gain).connect(context.destination);
    // Browsers start a context suspended until the page had a user gesture; resume is then a no-op.
    void context.resume().catch(() => {});
    oscillator.start();
    oscillator.stop(context.currentTime + 0.25);
    oscillator.onended = () => void context.close().catch(() => {});
  } catch {
    // A beep is a nicety: the banner is the alarm.
  }
}
