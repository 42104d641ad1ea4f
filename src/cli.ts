import { startEarlyAnalysisThread, wantsEarlyAnalysisThread } from './thread/prestart.js';

// The entry point. Its only static import is small, so that when the arguments suggest
// middleware mode that judges, the analysis thread starts before commander and
// the config are loaded and its own start-up overlaps theirs (a thread takes about as long
// to start as the main thread takes to read its options: README, performance).
const args = process.argv.slice(2);
const early = wantsEarlyAnalysisThread(args) ? startEarlyAnalysisThread(args) : undefined;
const { main } = await import('./cli/program.js');
await main(early);
