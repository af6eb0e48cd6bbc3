// The action's bundle entry (dist/index.js): runs the gate on the runner (entries/action.ts).
import { launchAction } from './entries/action';

void launchAction();
