// The analyser that answered the last photo analysis in this browser (the API has no provider endpoint).
const KEY = 'vintedbot.lastAnalysis';

export interface AnalysisInfo {
  provider: string;
  model: string | null;
  fallback_reason: string | null;
  at: string;
}

export function rememberAnalysis(a: Omit<AnalysisInfo, 'at'>) {
  try {
    localStorage.setItem(KEY, JSON.stringify({ provider: a.provider, model: a.model, fallback_reason: a.fallback_reason, at: new Date().toISOString() }));
  } catch {
    // storage unavailable
  }
}

export function lastAnalysis(): AnalysisInfo | null {
  try {
    const v = localStorage.getItem(KEY);
    return v ? (JSON.parse(v) as AnalysisInfo) : null;
  } catch {
    return null;
  }
}
