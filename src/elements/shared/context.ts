import { createContext } from '@lit/context';
import type { InvestigationStore } from '../../state/store.js';

/** The investigation store a `<ct-lookup-provider>` hands down to the elements inside it. */
export const sessionContext = createContext<InvestigationStore | undefined>(Symbol.for('cloudtrail-elements/session'));
