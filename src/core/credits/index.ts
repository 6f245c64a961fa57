/** Service credits with caps and their calculation trace, and termination triggers. */
export {
  applyCreditRule,
  type CreditLine,
  type CreditRule,
  type CreditTier,
  checkCreditRule,
  deepestTierReached,
  type TargetOutcome,
} from './credit-rules.ts';
export { formatCents, fromCents, percentOfCents, toCents } from './money.ts';
export {
  computeServiceCredit,
  type MonthlyCapTrace,
  type PastPeriodCredit,
  type RollingCapTrace,
  type ServiceCreditInput,
  type ServiceCreditResult,
} from './service-credit.ts';
export {
  evaluateTerminationHistory,
  evaluateTerminationStanding,
  evaluateTerminationTrigger,
  type PeriodOutcome,
  type ProvisionalTermination,
  type TerminationEvaluation,
  type TerminationStanding,
  type TerminationTrigger,
} from './termination.ts';
