import { Component, type ReactNode } from 'react';
import { ErrorMessage } from './error-message';

interface State {
  readonly error: unknown;
}

/** Catches a render failure below it and shows the message with a retry, instead of a blank page. */
export class ErrorBoundary extends Component<{ children: ReactNode; resetKey?: string }, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override componentDidUpdate(previous: { resetKey?: string }): void {
    if (previous.resetKey !== this.props.resetKey && this.state.error !== null) this.setState({ error: null });
  }

  override render(): ReactNode {
    if (this.state.error !== null) return <ErrorMessage error={this.state.error} title="This page failed to show" retry={() => this.setState({ error: null })} />;
    return this.props.children;
  }
}
