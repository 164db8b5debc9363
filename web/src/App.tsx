export function App() {
  return <h1>Assay</h1>;
}
